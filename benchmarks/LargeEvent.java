import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An event with a large body, for measuring what reading it costs the extension: a copy of an
 * API Gateway event whose {@code "body": null} becomes a JSON document of the given size, held as
 * a JSON string (escaped quotes, newlines and non-ASCII text, as a client's JSON arrives).
 *
 * <pre>java benchmarks/LargeEvent.java samples/java-apigw-function/src/test/resources/events/get-orders.json 4.5 > large-event.json</pre>
 */
public class LargeEvent {

    public static void main(String[] args) throws Exception {
        String event = Files.readString(Path.of(args[0]));
        long bytes = (long) (Double.parseDouble(args[1]) * 1024 * 1024);
        StringBuilder body = new StringBuilder("{\\\"items\\\":[");
        for (int i = 0; body.length() < bytes; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\\\"id\\\":").append(i)
                    .append(",\\\"name\\\":\\\"item ").append(i).append(" \u00e9\\\"")
                    .append(",\\\"note\\\":\\\"line\\\\nwith \\\\\\\"quotes\\\\\\\"\\\"}");
        }
        body.append("]}");
        if (!event.contains("\"body\": null")) {
            throw new IllegalArgumentException(args[0] + " has no \"body\": null to replace");
        }
        System.out.write(event.replace("\"body\": null", "\"body\": \"" + body + "\"").getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
