package io.lambdascope.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * External extensions written as shell scripts with curl, the way the Extensions API documents
 * them: register under the executable's file name, then loop on {@code event/next}. Each writes
 * what it sees under {@code $RECORD_DIR}: {@code <name>.register} (the register answer) and
 * {@code <name>.events} (one JSON line per event, and {"eventType":"REGISTERED"} at each start).
 */
final class ExtensionScript {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an extension does once it has recorded SHUTDOWN. */
    enum OnShutdown {
        EXIT("exit 0"),
        /** Keeps running, so only the deadline's SIGKILL ends it. */
        IGNORE("while :; do sleep 1; done");

        private final String shell;

        OnShutdown(String shell) {
            this.shell = shell;
        }
    }

    private ExtensionScript() {
    }

    /** Writes {@code <layer>/extensions/<name>}, registered for {@code events} (a JSON array). */
    static Path recorder(Path layer, String name, String events, OnShutdown onShutdown) throws IOException {
        return script(layer, name, events, "", onShutdown.shell);
    }

    /**
     * Writes an extension that, besides recording, counts up in {@code $TICK_FILE} every 20 ms from
     * a child process of its own, and stops the count at SHUTDOWN.
     */
    static Path ticker(Path layer, String name) throws IOException {
        return script(layer, name, "[\"INVOKE\",\"SHUTDOWN\"]", """
                ( i=0; while :; do i=$((i+1)); echo $i > "$TICK_FILE"; sleep 0.02; done ) &
                TICKER=$!
                """, "kill $TICKER; exit 0");
    }

    private static Path script(Path layer, String name, String events, String afterRegister, String onShutdown)
            throws IOException {
        return JavaRuntime.executable(layer.resolve("extensions").resolve(name), """
                #!/bin/sh
                NAME=$(basename "$0")
                API="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
                OUT="$RECORD_DIR/$NAME"
                curl -sS -D "$OUT.headers" -o "$OUT.register" -X POST "$API/register" \\
                    -H "Lambda-Extension-Name: $NAME" -H "Lambda-Extension-Accept-Feature: accountId" \\
                    -d '{"events":%s}' || exit 1
                ID=$(sed -n 's/^[Ll]ambda-[Ee]xtension-[Ii]dentifier: *//p' "$OUT.headers" | tr -d '\\r')
                echo '{"eventType":"REGISTERED"}' >> "$OUT.events"
                %s
                while :; do
                    EVENT=$(curl -sS -H "Lambda-Extension-Identifier: $ID" "$API/event/next") || exit 1
                    printf '%%s\\n' "$EVENT" >> "$OUT.events"
                    case "$EVENT" in *'"SHUTDOWN"'*) %s ;; esac
                done
                """.formatted(events, afterRegister, onShutdown));
    }

    /** The events an extension recorded, in order. */
    static List<JsonNode> events(Path recordDir, String name) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        Path file = recordDir.resolve(name + ".events");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    /** The event types an extension recorded, in order. */
    static List<String> eventTypes(Path recordDir, String name) throws IOException {
        return events(recordDir, name).stream().map(event -> event.get("eventType").asText()).toList();
    }

    /** The register answer an extension received. */
    static JsonNode registerAnswer(Path recordDir, String name) throws IOException {
        return JSON.readTree(recordDir.resolve(name + ".register").toFile());
    }
}
