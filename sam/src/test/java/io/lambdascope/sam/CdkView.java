package io.lambdascope.sam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.BootstraplessSynthesizer;
import software.amazon.awscdk.CloudFormationValidatePlugin;
import software.amazon.awscdk.IPolicyValidationContext;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyValidationStack;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloudformation.include.CfnInclude;
import software.constructs.IConstruct;

/**
 * A template as the AWS CDK reads it: included with {@link CfnInclude} (which knows the
 * Serverless transform's resource types) into a stack of its own, synthesized, and checked by the
 * CloudFormation validator that ships with the CDK.
 *
 * @param template the synthesized template, for the assertions library
 * @param json the same template as plain maps and lists
 */
record CdkView(Template template, Map<String, Object> json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Includes the template; the stack adds nothing of its own (no bootstrap version parameter or rule). */
    static CdkView of(Path file) {
        App app = App.Builder.create().analyticsReporting(false).build();
        Stack stack = Stack.Builder.create(app, "Included").synthesizer(new BootstraplessSynthesizer()).build();
        CfnInclude.Builder.create(stack, "Template").templateFile(file.toString()).build();
        Template template = Template.fromStack(stack);
        return new CdkView(template, template.toJSON());
    }

    /**
     * What the CloudFormation validator finds in the synthesized template: one line per finding,
     * with its rule, where it is and what it says.
     */
    List<String> validationFindings(Path scratch) {
        Path file = scratch.resolve("template.json");
        try {
            JSON.writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        App app = new App();
        IPolicyValidationContext context = new IPolicyValidationContext() {
            @Override
            public IConstruct getAppConstruct() {
                return app;
            }

            @Override
            public List<PolicyValidationStack> getStackTemplates() {
                return List.of(PolicyValidationStack.builder().stackConstructPath("Included").templatePath(file.toString()).build());
            }

            @Override
            public List<String> getTemplatePaths() {
                return List.of(file.toString());
            }
        };
        PolicyValidationPluginReport report = new CloudFormationValidatePlugin().validate(context);
        List<String> findings = new ArrayList<>();
        for (PolicyViolation violation : report.getViolations()) {
            violation.getViolatingResources().forEach(resource -> findings.add(violation.getSeverity() + " " + violation.getRuleName()
                    + " at " + resource.getResourceLogicalId() + " " + resource.getLocations() + ": " + violation.getDescription()));
        }
        return findings;
    }
}
