package io.lambdascope.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Globals section applied the way the Serverless transform applies it, because neither
 * CloudFormation's validator nor CDK's {@code CfnInclude} does: CfnInclude copies the section
 * through untouched. The rules are SAM's (its Globals documentation, and GlobalProperties in
 * aws/serverless-application-model): a function's own value wins over a global one; two maps
 * merge key by key under the same rules; two lists are concatenated, global entries first; an
 * intrinsic function counts as a single value, and values of different kinds are not merged (the
 * function's wins).
 */
final class SamGlobals {
    /** Globals.Function properties SAM accepts (samtranslator/plugins/globals/globals.py); Policies, Role, FunctionName and Events are not among them. */
    static final List<String> FUNCTION_PROPERTIES = List.of("Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description",
            "MemorySize", "Timeout", "VpcConfig", "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "AutoPublishAlias",
            "AutoPublishAliasAllProperties", "Layers", "DeploymentPreference", "RolePath", "PermissionsBoundary",
            "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig", "AssumeRolePolicyDocument", "EventInvokeConfig",
            "FileSystemConfigs", "CodeSigningConfigArn", "Architectures", "SnapStart", "EphemeralStorage", "FunctionUrlConfig",
            "RuntimeManagementConfig", "LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn");

    private SamGlobals() {
    }

    /**
     * A copy of the template in which every {@code AWS::Serverless::Function} carries the
     * Globals.Function properties, and without the Globals section, as the transform leaves it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> template) {
        Map<String, Object> result = new LinkedHashMap<>(template);
        Object globals = result.remove("Globals");
        Map<String, Object> function = globals instanceof Map<?, ?> sections && sections.get("Function") instanceof Map<?, ?> f
                ? (Map<String, Object>) f : Map.of();
        Map<String, Object> resources = new LinkedHashMap<>((Map<String, Object>) template.getOrDefault("Resources", Map.of()));
        resources.replaceAll((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return resource;
            }
            Map<String, Object> merged = new LinkedHashMap<>(resource);
            merged.put("Properties", merge(function, resource.getOrDefault("Properties", Map.of())));
            return merged;
        });
        result.put("Resources", resources);
        return result;
    }

    @SuppressWarnings("unchecked")
    static Object merge(Object global, Object local) {
        Kind globalKind = kind(global);
        if (globalKind != kind(local)) {
            return local;
        }
        return switch (globalKind) {
            case VALUE -> local;
            case LIST -> {
                List<Object> list = new ArrayList<>((List<Object>) global);
                list.addAll((List<Object>) local);
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) global);
                ((Map<String, Object>) local).forEach((key, value) -> map.merge(key, value, SamGlobals::merge));
                yield map;
            }
        };
    }

    private enum Kind { VALUE, LIST, MAP }

    private static Kind kind(Object value) {
        if (value instanceof List<?>) {
            return Kind.LIST;
        }
        if (value instanceof Map<?, ?> map) {
            return Deployment.isFunction(map) ? Kind.VALUE : Kind.MAP;
        }
        return Kind.VALUE;
    }
}
