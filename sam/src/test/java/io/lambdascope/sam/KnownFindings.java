package io.lambdascope.sam;

import java.util.List;

/**
 * Findings of CloudFormation's validator that are wrong about these templates, each with the
 * reason; every other finding fails the tests.
 */
final class KnownFindings {
    /** A finding is known when it contains both parts. */
    private record Known(String where, String what) {
        boolean matches(String finding) {
            return finding.contains(where) && finding.contains(what);
        }
    }

    private static final List<Known> FALSE_POSITIVES = List.of(
            // The validator checks the organization parameter's default, '', against the pattern of
            // OrganizationId; the template passes the parameter only under SharedWithOrganization,
            // which holds only when it is not empty.
            new Known("F3031 at LambdascopeLayerX8664Permission ", "OrganizationId: '' does not match"),
            new Known("F3031 at LambdascopeLayerArm64Permission ", "OrganizationId: '' does not match"),
            // The parameter holds the ARN of a secret, which is not itself a secret; masking it would
            // hide from the stack's readers which secret the functions read.
            new Known("W2509 at null [Parameters/LambdascopeExportHeadersSecretArn]", "does not have NoEcho"));

    private KnownFindings() {
    }

    /** The findings that are not known false positives. */
    static List<String> unexpected(List<String> findings) {
        return findings.stream().filter(finding -> FALSE_POSITIVES.stream().noneMatch(known -> known.matches(finding))).toList();
    }
}
