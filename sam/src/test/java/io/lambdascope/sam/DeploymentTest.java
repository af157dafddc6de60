package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolution the template tests rely on behaves as CloudFormation documents it. */
class DeploymentTest {
    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    private static Map<String, Object> fn(String name, Object... arguments) {
        return Map.of("Fn::" + name, arguments.length == 1 ? arguments[0] : List.of(arguments));
    }

    private static final Map<String, Object> NAME_GIVEN = fn("Not", List.of(fn("Equals", ref("Name"), "")));

    private static final Map<String, Object> TEMPLATE = Map.of(
            "Parameters", Map.of(
                    "Name", Map.of("Type", "String", "Default", "", "AllowedPattern", "^$|^[a-z]+$", "MaxLength", 8),
                    "Size", Map.of("Type", "String", "Default", "small", "AllowedValues", List.of("small", "large"))),
            "Mappings", Map.of("Sizes", Map.of("eu-west-1", Map.of("small", "1"))),
            "Conditions", Map.of(
                    "HasName", NAME_GIVEN,
                    "Large", fn("Equals", ref("Size"), "large"),
                    "Either", fn("Or", Map.of("Condition", "HasName"), Map.of("Condition", "Large"))),
            "Rules", Map.of("NameWhenLarge", Map.of(
                    "RuleCondition", fn("Equals", ref("Size"), "large"),
                    "Assertions", List.of(Map.of("Assert", NAME_GIVEN, "AssertDescription", "a large one needs a name")))),
            "Resources", Map.of(
                    "Thing", Map.of("Type", "AWS::S3::Bucket", "Properties", Map.of(
                            "Tags", List.of(fn("If", "HasName", Map.of("Key", "name", "Value", ref("Name")), ref("AWS::NoValue"))),
                            "Size", fn("If", "Large", fn("FindInMap", "Sizes", ref("AWS::Region"), "large"),
                                    fn("FindInMap", "Sizes", ref("AWS::Region"), "small")),
                            "Fallback", fn("FindInMap", "Sizes", ref("AWS::Region"), "huge", Map.of("DefaultValue", "none")),
                            "Arn", fn("Sub", "arn:${AWS::Partition}:s3:::${AWS::StackName}-${Name}-${!Literal}"))),
                    "Other", Map.of("Type", "AWS::S3::Bucket", "Condition", "Either", "Properties", Map.of("Owner", ref("Thing"))),
                    "Odd", Map.of("Type", "AWS::S3::Bucket", "Properties", Map.of("Name", fn("Base64", "x")))));

    @Test
    void noValueRemovesTheListItemAndOnlyTheChosenBranchIsResolved() {
        Map<String, Object> thing = new Deployment(TEMPLATE, "eu-west-1", Map.of()).properties("Thing").orElseThrow();
        assertEquals(List.of(), thing.get("Tags"));
        assertEquals("1", thing.get("Size"), "the large branch, missing from the map, is never looked up");
        assertEquals("none", thing.get("Fallback"));
        assertEquals("arn:aws:s3:::orders-app--${Literal}", thing.get("Arn"));
    }

    @Test
    void conditionsDecideTheResourcesAndReferencesToThemStayReferences() {
        assertEquals(java.util.Optional.empty(), new Deployment(TEMPLATE, "eu-west-1", Map.of()).properties("Other"));
        assertEquals(Map.of("Owner", new Deployment.ResourceRef("Thing")),
                new Deployment(TEMPLATE, "eu-west-1", Map.of("Name", "orders")).properties("Other").orElseThrow());
    }

    @Test
    void aMissingMappingWithoutDefaultFailsAsCloudFormationDoes() {
        Deployment large = new Deployment(TEMPLATE, "eu-west-1", Map.of("Name", "orders", "Size", "large"));
        assertEquals("Unable to get mapping for Sizes::eu-west-1::large",
                assertThrows(IllegalStateException.class, () -> large.properties("Thing")).getMessage());
    }

    @Test
    void parametersAreCheckedAgainstTheirConstraintsAndRulesAsserted() {
        assertEquals(List.of("Name: 'Orders' does not match ^$|^[a-z]+$", "Size: 'medium' is not one of [small, large]", "Colour: the template has no such parameter")
                        .stream().sorted().toList(),
                new Deployment(TEMPLATE, "eu-west-1", Map.of("Name", "Orders", "Size", "medium", "Colour", "red")).parameterErrors()
                        .stream().sorted().toList());
        assertEquals(List.of("Name: 'ordersapi' is longer than 8"), new Deployment(TEMPLATE, "eu-west-1", Map.of("Name", "ordersapi")).parameterErrors());
        assertEquals(List.of("a large one needs a name"), new Deployment(TEMPLATE, "eu-west-1", Map.of("Size", "large")).ruleFailures());
        assertEquals(List.of(), new Deployment(TEMPLATE, "eu-west-1", Map.of()).ruleFailures());
    }

    @Test
    void aFunctionTheTestsDoNotResolveIsRefused() {
        assertThrows(UnsupportedOperationException.class, () -> new Deployment(TEMPLATE, "eu-west-1", Map.of()).properties("Odd"));
    }
}
