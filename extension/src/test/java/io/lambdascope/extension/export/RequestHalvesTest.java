package io.lambdascope.extension.export;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestHalvesTest {

    @Test
    void severalResourcesAreSplitByResource() {
        ExportMetricsServiceRequest one = Requests.metrics();
        ExportMetricsServiceRequest three = one.toBuilder().addResourceMetrics(one.getResourceMetrics(0))
                .addResourceMetrics(one.getResourceMetrics(0)).build();
        List<Message> halves = RequestHalves.of(Signal.METRICS, three);
        assertEquals(List.of(one, one.toBuilder().addResourceMetrics(one.getResourceMetrics(0)).build()), halves);
    }

    @Test
    void oneResourceWithSeveralScopesIsSplitByScope() {
        ScopeSpans a = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("a"))
                .addAllSpans(Requests.traces(3).getResourceSpans(0).getScopeSpans(0).getSpansList()).build();
        ScopeSpans b = a.toBuilder().setScope(InstrumentationScope.newBuilder().setName("b")).build();
        ResourceSpans resource = Requests.traces(1).getResourceSpans(0).toBuilder().clearScopeSpans().addScopeSpans(a).addScopeSpans(b).build();
        List<Message> halves = RequestHalves.of(Signal.TRACES, ExportTraceServiceRequest.newBuilder().addResourceSpans(resource).build());
        assertEquals(List.of(
                ExportTraceServiceRequest.newBuilder().addResourceSpans(resource.toBuilder().clearScopeSpans().addScopeSpans(a)).build(),
                ExportTraceServiceRequest.newBuilder().addResourceSpans(resource.toBuilder().clearScopeSpans().addScopeSpans(b)).build()),
                halves);
    }

    @Test
    void oneScopeIsSplitByItem() {
        ScopeLogs scope = ScopeLogs.newBuilder().setSchemaUrl("s")
                .addLogRecords(LogRecord.newBuilder().setSeverityText("1")).addLogRecords(LogRecord.newBuilder().setSeverityText("2"))
                .addLogRecords(LogRecord.newBuilder().setSeverityText("3")).build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setSchemaUrl("r").addScopeLogs(scope)).build();
        List<Message> halves = RequestHalves.of(Signal.LOGS, request);
        assertEquals(2, halves.size());
        ExportLogsServiceRequest first = (ExportLogsServiceRequest) halves.get(0);
        ExportLogsServiceRequest second = (ExportLogsServiceRequest) halves.get(1);
        assertEquals(List.of(scope.getLogRecords(0)), first.getResourceLogs(0).getScopeLogs(0).getLogRecordsList());
        assertEquals(List.of(scope.getLogRecords(1), scope.getLogRecords(2)), second.getResourceLogs(0).getScopeLogs(0).getLogRecordsList());
        assertEquals("r", second.getResourceLogs(0).getSchemaUrl());
        assertEquals("s", second.getResourceLogs(0).getScopeLogs(0).getSchemaUrl());
    }

    @Test
    void aSingleItemStaysWhole() {
        assertEquals(List.of(Requests.logs()), RequestHalves.of(Signal.LOGS, Requests.logs()));
        assertEquals(List.of(ExportLogsServiceRequest.getDefaultInstance()),
                RequestHalves.of(Signal.LOGS, ExportLogsServiceRequest.getDefaultInstance()));
    }
}
