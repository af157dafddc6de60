package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Globals merge follows SAM's documented rules, which the template tests rely on. */
class SamGlobalsTest {
    private static final Map<String, Object> IF = Map.of("Fn::If", List.of("C", "a", "b"));

    @Test
    void aFunctionsOwnScalarWins() {
        assertEquals("java25", SamGlobals.merge("java21", "java25"));
        assertEquals(Map.of("Ref", "Mine"), SamGlobals.merge("global", Map.of("Ref", "Mine")));
    }

    @Test
    void mapsMergeKeyByKeyWithTheFunctionsKeysWinning() {
        assertEquals(Map.of("Variables", Map.of("A", "global", "B", "own", "C", "own")),
                SamGlobals.merge(Map.of("Variables", Map.of("A", "global", "B", "global")), Map.of("Variables", Map.of("B", "own", "C", "own"))));
    }

    @Test
    void listsAreConcatenatedGlobalEntriesFirst() {
        assertEquals(List.of("global", "own"), SamGlobals.merge(List.of("global"), List.of("own")));
    }

    @Test
    void anIntrinsicFunctionIsOneValueNotAMapToMerge() {
        assertEquals(Map.of("B", "own"), SamGlobals.merge(IF, Map.of("B", "own")));
        assertEquals(IF, SamGlobals.merge(Map.of("B", "global"), IF));
    }

    @Test
    void onlyServerlessFunctionsGetTheGlobalsAndTheSectionGoes() {
        Map<String, Object> template = Map.of(
                "Globals", Map.of("Function", Map.of("Timeout", 20, "Layers", List.of("global"))),
                "Resources", Map.of(
                        "Function", Map.of("Type", "AWS::Serverless::Function", "Properties", Map.of("Layers", List.of("own"))),
                        "Bucket", Map.of("Type", "AWS::S3::Bucket", "Properties", Map.of())));
        Map<String, Object> applied = SamGlobals.apply(template);
        assertFalse(applied.containsKey("Globals"));
        assertEquals(Map.of("Type", "AWS::Serverless::Function", "Properties", Map.of("Timeout", 20, "Layers", List.of("global", "own"))),
                ((Map<?, ?>) applied.get("Resources")).get("Function"));
        assertEquals(Map.of("Type", "AWS::S3::Bucket", "Properties", Map.of()), ((Map<?, ?>) applied.get("Resources")).get("Bucket"));
    }
}
