package io.lambdascope.extension.layer;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.lifecycle.ApiJson;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes JSON the ways the extension does, run inside the layer's runtime image to show
 * that its JSON tree and Jackson's streaming core work with the modules jlink linked: a document
 * read as a tree and written back, its values read out, and a message written with the generator.
 */
public final class JsonRoundTrip {

    /** What {@link #main} prints when everything worked. */
    static final String EXPECTED = "{\"name\":\"invoke\",\"start\":1,\"ids\":[1,2,123456789012345678901],\"took\":1.5,\"x\":null}"
            + " | invoke 3 1.5 true | {\"events\":[\"INVOKE\",\"SHUTDOWN\"],\"ok\":true}";

    private JsonRoundTrip() {
    }

    /**
     * Prints a parsed tree, values read out of it, and a written message.
     *
     * @param args unused
     * @throws Exception when reading or writing fails in this runtime
     */
    public static void main(String[] args) throws Exception {
        JsonValue tree = JsonValue.parse("{\"name\":\"invoke\",\"start\":1,\"ids\":[1,2,123456789012345678901],\"took\":1.5,\"x\":null}"
                .getBytes(StandardCharsets.UTF_8));
        String read = tree.path("name").asText() + " " + tree.path("ids").size() + " " + tree.path("took").doubleValue()
                + " " + tree.path("ids").get(2).isIntegralNumber();
        String written = ApiJson.write(json -> {
            json.writeArrayFieldStart("events");
            json.writeString("INVOKE");
            json.writeString("SHUTDOWN");
            json.writeEndArray();
            json.writeBooleanField("ok", true);
        });
        System.out.println(tree + " | " + read + " | " + written);
    }
}
