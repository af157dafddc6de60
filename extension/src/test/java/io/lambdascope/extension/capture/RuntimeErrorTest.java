package io.lambdascope.extension.capture;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeErrorTest {

    /** What the Java runtime interface client posts for a thrown exception. */
    private static final String JAVA = """
            {"errorMessage":"asked to fail","errorType":"java.lang.IllegalArgumentException",\
            "stackTrace":["example.Echo.handleRequest(Echo.java:28)","java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(Unknown Source)"]}""";

    @Test
    void readsTheMessageAndEveryFrameOfARuntimesErrorDocument() {
        RuntimeError error = RuntimeError.read("java.lang.IllegalArgumentException", bytes(JAVA));
        assertEquals("java.lang.IllegalArgumentException", error.type());
        assertEquals("asked to fail", error.message());
        assertEquals("example.Echo.handleRequest(Echo.java:28)\n"
                + "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(Unknown Source)", error.stackTrace());
    }

    @Test
    void pythonFramesAsListsOrLinesBecomeOneLineEach() {
        RuntimeError lists = RuntimeError.read("Runtime.Error", bytes("""
                {"errorMessage":"x","stackTrace":[["/var/task/app.py",3,"handler","raise Exception('x')"]]}"""));
        assertEquals("/var/task/app.py 3 handler raise Exception('x')", lists.stackTrace());
        RuntimeError lines = RuntimeError.read("Exception", bytes("""
                {"errorMessage":"x","stackTrace":["  File \\"/var/task/app.py\\", line 3, in handler\\n    raise Exception('x')\\n"]}"""));
        assertEquals("  File \"/var/task/app.py\", line 3, in handler\n    raise Exception('x')", lines.stackTrace());
    }

    @Test
    void aBodyCutAtTheCapKeepsWhatCameBeforeTheCut() {
        byte[] whole = bytes(JAVA);
        byte[] cut = Arrays.copyOf(whole, JAVA.indexOf("java.base/") + 5);
        RuntimeError error = RuntimeError.read("E", cut);
        assertEquals("asked to fail", error.message());
        assertEquals("example.Echo.handleRequest(Echo.java:28)", error.stackTrace());
    }

    @Test
    void aBodyThatIsNotAnErrorDocumentIsTheMessage() {
        assertEquals("segmentation fault", RuntimeError.read("Runtime.ExitError", bytes("segmentation fault")).message());
        assertEquals("[1,2]", RuntimeError.read("E", bytes("[1,2]")).message());
        RuntimeError empty = RuntimeError.read(null, new byte[0]);
        assertEquals("Unhandled", empty.type());
        assertEquals("", empty.message());
        assertTrue(empty.stackTrace().isEmpty());
    }

    @Test
    void theBodysTypeStandsInWhenTheHeaderNamesNone() {
        assertEquals("java.lang.IllegalArgumentException", RuntimeError.read(" ", bytes(JAVA)).type());
        assertEquals("Runtime.Custom", RuntimeError.read("Runtime.Custom", bytes(JAVA)).type(), "the header is what Lambda reports");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
