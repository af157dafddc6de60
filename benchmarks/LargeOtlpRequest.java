import java.nio.charset.StandardCharsets;

/**
 * An OTLP/JSON traces request of about the given size, for measuring what large requests from a
 * function's SDK cost the extension's receiver: one resource, one scope, spans of one attribute
 * each (15,000 of them in 4 MB).
 *
 * <pre>java benchmarks/LargeOtlpRequest.java 4 > request.json</pre>
 */
public class LargeOtlpRequest {

    public static void main(String[] args) throws Exception {
        long bytes = (long) (Double.parseDouble(args[0]) * 1_000_000);
        StringBuilder json = new StringBuilder("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"flood\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},\"spans\":[");
        for (int i = 0; json.length() < bytes; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"traceId\":\"").append("%032x".formatted(i + 1))
                    .append("\",\"spanId\":\"").append("%016x".formatted(i + 1))
                    .append("\",\"name\":\"span ").append(i)
                    .append("\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000000001000000\"")
                    .append(",\"attributes\":[{\"key\":\"k").append(i % 10)
                    .append("\",\"value\":{\"stringValue\":\"value ").append(i).append("\"}}]}");
        }
        json.append("]}]}]}");
        System.out.write(json.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
