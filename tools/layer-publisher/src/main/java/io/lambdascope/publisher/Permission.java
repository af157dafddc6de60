package io.lambdascope.publisher;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may use a published layer version: one statement of its policy, with an id that makes
 * granting it again a no-op.
 *
 * @param statementId the statement's id
 * @param principal {@code *} or an account id
 * @param organizationId with {@code *}, the organization whose accounts may use it, or {@code null}
 */
record Permission(String statementId, String principal, String organizationId) {

    static List<Permission> of(PublishOptions options) {
        List<Permission> permissions = new ArrayList<>();
        if (options.makePublic()) {
            permissions.add(new Permission("public", "*", null));
        }
        for (String account : options.shareAccounts()) {
            permissions.add(new Permission("account-" + account, account, null));
        }
        if (options.shareOrganization() != null) {
            permissions.add(new Permission("organization-" + options.shareOrganization(), "*", options.shareOrganization()));
        }
        return List.copyOf(permissions);
    }
}
