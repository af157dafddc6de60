package io.lambdascope.sam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template as CloudFormation resolves it for one stack: its parameters checked against their
 * constraints, its Rules asserted, its conditions evaluated and its intrinsic functions resolved
 * for a region, an account and a stack name. {@code AWS::NoValue} removes the map entry or list
 * item it stands in, and only the branch of {@code Fn::If} that its condition picks is resolved.
 *
 * <p>It resolves what the Lambdascope templates use (Ref, Fn::If, Fn::Equals, Fn::Not, Fn::And,
 * Fn::Or, Condition, Fn::FindInMap with its DefaultValue, Fn::Sub, Fn::Join, Fn::Select,
 * Fn::Split) and refuses any other function, so a template that starts using one fails its tests
 * rather than passing unchecked. A reference to a resource resolves to a {@link ResourceRef}, and
 * inside a string to {@code {Ref:Id}} or {@code {GetAtt:Id.Attribute}}.
 */
final class Deployment {
    static final String ACCOUNT = "111122223333";
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, Object> template;
    private final String region;
    private final String stackName;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<String> parameterErrors = new ArrayList<>();
    private final Map<String, Boolean> conditions = new HashMap<>();

    /** A reference to a resource of the template. */
    record ResourceRef(String logicalId) {
    }

    Deployment(Map<String, Object> template, String region, String stackName, Map<String, String> values) {
        this.template = template;
        this.region = region;
        this.stackName = stackName;
        Map<String, Object> declared = section("Parameters");
        values.keySet().stream().filter(name -> !declared.containsKey(name))
                .forEach(name -> parameterErrors.add(name + ": the template has no such parameter"));
        declared.forEach((name, declaration) -> {
            Map<String, Object> parameter = map(declaration);
            String value = values.containsKey(name) ? values.get(name)
                    : parameter.containsKey("Default") ? String.valueOf(parameter.get("Default")) : null;
            if (value == null) {
                parameterErrors.add(name + ": a value is required");
                return;
            }
            check(name, parameter, value);
            parameters.put(name, value);
        });
    }

    Deployment(Map<String, Object> template, String region, Map<String, String> values) {
        this(template, region, "orders-app", values);
    }

    /** Each given or default parameter value its constraints refuse, with the constraint. */
    List<String> parameterErrors() {
        return List.copyOf(parameterErrors);
    }

    /** The AssertDescription of every Rules assertion that fails for these parameters. */
    List<String> ruleFailures() {
        List<String> failures = new ArrayList<>();
        section("Rules").forEach((name, value) -> {
            Map<String, Object> rule = map(value);
            if (rule.containsKey("RuleCondition") && !Boolean.TRUE.equals(resolve(rule.get("RuleCondition")))) {
                return;
            }
            for (Object item : list(rule.get("Assertions"))) {
                Map<String, Object> assertion = map(item);
                if (!Boolean.TRUE.equals(resolve(assertion.get("Assert")))) {
                    failures.add(String.valueOf(assertion.getOrDefault("AssertDescription", name)));
                }
            }
        });
        return failures;
    }

    boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known == null) {
            Object declaration = section("Conditions").get(name);
            if (declaration == null) {
                throw new IllegalStateException("no condition " + name + " in the template");
            }
            known = (Boolean) resolve(declaration);
            conditions.put(name, known);
        }
        return known;
    }

    /** The resource's resolved Properties, or empty when its Condition is false. */
    Optional<Map<String, Object>> properties(String logicalId) {
        Map<String, Object> resource = map(section("Resources").get(logicalId));
        if (resource.isEmpty()) {
            throw new IllegalStateException("no resource " + logicalId + " in the template");
        }
        if (resource.get("Condition") instanceof String condition && !condition(condition)) {
            return Optional.empty();
        }
        Object properties = resolve(resource.getOrDefault("Properties", Map.of()));
        return Optional.of(properties == NO_VALUE ? Map.of() : map(properties));
    }

    /** The value as CloudFormation resolves it; {@code null} where it resolves to AWS::NoValue. */
    Object value(Object value) {
        Object resolved = resolve(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    static boolean isFunction(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    private void check(String name, Map<String, Object> parameter, String value) {
        if (parameter.get("AllowedValues") instanceof List<?> allowed && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            parameterErrors.add(name + ": '" + value + "' is not one of " + allowed);
        }
        if (parameter.get("AllowedPattern") instanceof String pattern && !Pattern.matches(pattern, value)) {
            parameterErrors.add(name + ": '" + value + "' does not match " + pattern);
        }
        if (parameter.get("MaxLength") instanceof Number max && value.length() > max.intValue()) {
            parameterErrors.add(name + ": '" + value + "' is longer than " + max);
        }
        if (parameter.get("MinLength") instanceof Number min && value.length() < min.intValue()) {
            parameterErrors.add(name + ": '" + value + "' is shorter than " + min);
        }
    }

    private Object resolve(Object value) {
        if (value instanceof List<?> items) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : items) {
                Object r = resolve(item);
                if (r != NO_VALUE) {
                    resolved.add(r);
                }
            }
            return resolved;
        }
        if (value instanceof Map<?, ?> map) {
            if (isFunction(map)) {
                Map.Entry<?, ?> call = map.entrySet().iterator().next();
                return function((String) call.getKey(), call.getValue());
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                Object r = resolve(item);
                if (r != NO_VALUE) {
                    resolved.put((String) key, r);
                }
            });
            return resolved;
        }
        return value;
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref((String) argument);
            case "Condition" -> condition((String) argument);
            case "Fn::If" -> {
                List<?> args = list(argument);
                yield condition((String) args.get(0)) ? resolve(args.get(1)) : resolve(args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = list(argument);
                yield text(resolve(args.get(0))).equals(text(resolve(args.get(1))));
            }
            case "Fn::Not" -> !(Boolean) resolve(list(argument).get(0));
            case "Fn::And" -> list(argument).stream().allMatch(item -> (Boolean) resolve(item));
            case "Fn::Or" -> list(argument).stream().anyMatch(item -> (Boolean) resolve(item));
            case "Fn::FindInMap" -> findInMap(list(argument));
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> args = list(argument);
                List<String> parts = list(resolve(args.get(1))).stream().map(Deployment::text).toList();
                yield String.join(text(args.get(0)), parts);
            }
            case "Fn::Select" -> {
                List<?> args = list(argument);
                yield list(resolve(args.get(1))).get(Integer.parseInt(text(resolve(args.get(0)))));
            }
            case "Fn::Split" -> {
                List<?> args = list(argument);
                yield List.of(text(resolve(args.get(1))).split(Pattern.quote(text(args.get(0))), -1));
            }
            case "Fn::GetAtt" -> {
                List<?> args = list(argument);
                yield "{GetAtt:" + args.get(0) + "." + args.get(1) + "}";
            }
            default -> throw new UnsupportedOperationException(name + " is not resolved by these tests");
        };
    }

    private Object ref(String name) {
        return switch (name) {
            case "AWS::NoValue" -> NO_VALUE;
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::Partition" -> "aws";
            case "AWS::StackName" -> stackName;
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> {
                if (parameters.containsKey(name)) {
                    yield parameters.get(name);
                }
                if (section("Resources").containsKey(name)) {
                    yield new ResourceRef(name);
                }
                throw new IllegalStateException("Ref to " + name + ", which is neither a parameter nor a resource of the template");
            }
        };
    }

    private Object findInMap(List<?> args) {
        String mapName = text(resolve(args.get(0)));
        String top = text(resolve(args.get(1)));
        String second = text(resolve(args.get(2)));
        Map<String, Object> mapping = map(section("Mappings").get(mapName));
        if (mapping.isEmpty()) {
            throw new IllegalStateException("Mapping named '" + mapName + "' is not present in the 'Mappings' section of template");
        }
        Object found = map(mapping.get(top)).get(second);
        if (found != null) {
            return found;
        }
        if (args.size() > 3 && map(args.get(3)).containsKey("DefaultValue")) {
            return resolve(map(args.get(3)).get("DefaultValue"));
        }
        throw new IllegalStateException("Unable to get mapping for " + mapName + "::" + top + "::" + second);
    }

    private String sub(Object argument) {
        String pattern;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> args) {
            pattern = (String) args.get(0);
            variables = map(args.get(1));
        } else {
            pattern = (String) argument;
        }
        Matcher matcher = SUB_VARIABLE.matcher(pattern);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            String variable = matcher.group(2);
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + variable + "}";
            } else if (variables.containsKey(variable)) {
                replacement = text(resolve(variables.get(variable)));
            } else if (variable.contains(".")) {
                replacement = "{GetAtt:" + variable + "}";
            } else {
                replacement = text(ref(variable));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String text(Object value) {
        if (value instanceof ResourceRef ref) {
            return "{Ref:" + ref.logicalId() + "}";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?> || value == NO_VALUE) {
            throw new IllegalStateException("a string was expected, got " + value);
        }
        return String.valueOf(value);
    }

    private Map<String, Object> section(String name) {
        return map(template.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        if (value instanceof List<?> items) {
            return items;
        }
        throw new IllegalStateException("a list was expected, got " + value);
    }
}
