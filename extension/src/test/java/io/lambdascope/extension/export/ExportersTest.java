package io.lambdascope.extension.export;

import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportConfig;
import io.lambdascope.extension.config.ExportProtocol;
import io.lambdascope.sandbox.sink.OtlpSink;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportersTest {

    private static ExportConfig config(Optional<URI> endpoint, ExportProtocol protocol, Map<String, String> headers) {
        return new ExportConfig(endpoint, protocol, headers, Optional.empty(), Compression.GZIP, Duration.ofSeconds(2),
                Optional.empty(), Optional.empty(), false);
    }

    @Test
    void noEndpointWritesToStandardOutput() {
        try (Exporter exporter = Exporters.from(config(Optional.empty(), ExportProtocol.HTTP_PROTOBUF, Map.of()), System.out)) {
            assertInstanceOf(StdoutExporter.class, exporter);
        }
    }

    @Test
    void anHttpEndpointIsExportedTo() {
        try (Exporter exporter = Exporters.from(config(Optional.of(URI.create("https://otlp.example.com:4318/otlp")),
                ExportProtocol.HTTP_JSON, Map.of("api-key", "k-123")), System.out)) {
            assertInstanceOf(OtlpHttpExporter.class, exporter);
            assertEquals("OtlpHttpExporter[endpoint=https://otlp.example.com:4318/otlp, protocol=http/json, compression=gzip, "
                    + "headers=[api-key]]", exporter.toString());
        }
    }

    @Test
    void userInfoAndQueryStayOutOfMessages() {
        try (Exporter exporter = Exporters.from(config(Optional.of(URI.create("http://user:pw@127.0.0.1:9/base?token=t0k")),
                ExportProtocol.HTTP_PROTOBUF, Map.of()), System.out)) {
            assertFalse(exporter.toString().contains("pw") || exporter.toString().contains("t0k"), exporter.toString());
            ExportResult result = exporter.export(Signal.LOGS, Requests.logs(), System.nanoTime() + 2_000_000_000L);
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertFalse(result.problem().orElseThrow().contains("pw") || result.problem().orElseThrow().contains("t0k"), result.toString());
        }
    }

    @Test
    void anEndpointThatIsNotHttpFallsBackToStandardOutput() {
        for (String endpoint : List.of("ftp://example.com", "mailto:someone@example.com")) {
            try (Exporter exporter = Exporters.from(config(Optional.of(URI.create(endpoint)), ExportProtocol.HTTP_PROTOBUF, Map.of()),
                    System.out)) {
                assertInstanceOf(StdoutExporter.class, exporter, endpoint);
            }
        }
    }

    @Test
    void grpcFallsBackToHttpProtobuf() throws Exception {
        try (OtlpSink sink = OtlpSink.start();
             Exporter exporter = Exporters.from(config(Optional.of(URI.create(sink.endpoint())), ExportProtocol.GRPC, Map.of()),
                     System.out)) {
            assertTrue(exporter.toString().contains("http/protobuf"), exporter.toString());
            assertTrue(exporter.export(Signal.TRACES, Requests.traces(1), System.nanoTime() + 5_000_000_000L).sent());
            assertEquals(List.of(Requests.traces(1)), sink.contents().traceRequests());
        }
    }
}
