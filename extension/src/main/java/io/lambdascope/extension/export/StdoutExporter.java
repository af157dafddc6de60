package io.lambdascope.extension.export;

import com.google.protobuf.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Writes each export request as one line of OTLP/JSON to the extension's standard output, which
 * Lambda sends to CloudWatch Logs: the destination when no endpoint is configured. A line starts
 * with {@code {"resourceSpans"}, {@code {"resourceMetrics"} or {@code {"resourceLogs"}, so that
 * the extension can tell its own lines from others when the Telemetry API hands them back.
 *
 * <p>Lambda may cut a long line into several log events, after which none of them is JSON, so a
 * request whose line would be longer than {@link #MAX_LINE_BYTES} is split into smaller requests,
 * one line each, down to single items.
 *
 * <p>Thread-safe: each line is written with one call, so lines never interleave with each other
 * or with log records on the same stream.
 */
public final class StdoutExporter implements Exporter {

    private static final System.Logger LOG = System.getLogger(StdoutExporter.class.getName());

    /** The longest line written but for a single item: Lambda has been seen to cut lines at 64 KiB. */
    static final int MAX_LINE_BYTES = 60 * 1024;

    private final PrintStream out;
    private volatile boolean closed;
    private volatile boolean warned;

    /**
     * An exporter writing to a stream.
     *
     * @param out the extension's standard output; it is not closed by {@link #close()}
     */
    public StdoutExporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public ExportResult export(Signal signal, Message request, long deadlineNanos) {
        if (closed) {
            return new ExportResult(ExportResult.Outcome.FAILED, 0, 0, 0, Optional.of("the exporter is closed"));
        }
        if (deadlineNanos - System.nanoTime() <= 0) {
            return new ExportResult(ExportResult.Outcome.FAILED, 0, 0, 0, Optional.of("no time left to write the " + signal.text()));
        }
        List<byte[]> lines = new ArrayList<>();
        try {
            // An empty request would be a bare "{}": nothing to tell, and not recognisable as an export line.
            if (request.getSerializedSize() > 0) {
                encode(signal, request, lines);
            }
        } catch (RuntimeException e) {
            return new ExportResult(ExportResult.Outcome.REJECTED, 0, 0, 0, Optional.of("cannot encode the " + signal.text() + " as OTLP/JSON: " + e));
        }
        long bytes = 0;
        for (byte[] line : lines) {
            out.write(line, 0, line.length);
            bytes += line.length;
        }
        out.flush();
        if (out.checkError()) {
            // PrintStream keeps its error for good: nothing written later will arrive either.
            if (!warned) {
                warned = true;
                LOG.log(WARNING, "standard output fails: telemetry written to it is lost");
            }
            return new ExportResult(ExportResult.Outcome.REJECTED, lines.size(), 0, 0, Optional.of("standard output fails"));
        }
        return new ExportResult(ExportResult.Outcome.SENT, lines.size(), bytes, 0, Optional.empty());
    }

    /** Adds the request's line, or the lines of its halves when it is too long. */
    private static void encode(Signal signal, Message request, List<byte[]> lines) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(request.getSerializedSize() * 2 + 1);
        OtlpJson.write(request, buffer);
        if (buffer.size() >= MAX_LINE_BYTES) {
            List<Message> halves = RequestHalves.of(signal, request);
            if (halves.size() > 1) {
                halves.forEach(half -> encode(signal, half, lines));
                return;
            }
        }
        buffer.write('\n');
        lines.add(buffer.toByteArray());
    }

    /** Refuses further exports; the stream stays open, it belongs to the process. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "StdoutExporter[OTLP/JSON lines]";
    }
}
