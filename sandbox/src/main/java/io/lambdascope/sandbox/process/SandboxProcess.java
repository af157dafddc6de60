package io.lambdascope.sandbox.process;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One process of the execution environment (the runtime or an extension), started in a process
 * group of its own with {@code setsid} so that freezing, thawing and killing reach everything it
 * spawned. Its stdout and stderr are merged, as Lambda merges them into the function's logs, and
 * read line by line on a virtual thread.
 */
public final class SandboxProcess {

    /** Lines kept per process for tests and the terminal; telemetry sees every line regardless. */
    private static final int KEPT_LINES = 10_000;
    /**
     * Written into the process's own output pipe to find where its output stood at a moment: a
     * pipe is first in, first out, so once the reader meets the mark, everything written before
     * has been passed on. It never reaches the lines.
     */
    private static final byte[] MARK = {0, 'l', 's', '-', 'm', 'a', 'r', 'k', 0};

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final ReentrantLock marks = new ReentrantLock();
    private final Condition markSeen = marks.newCondition();
    private long marksWritten;
    private long marksRead;
    private boolean ended;

    private SandboxProcess(String name, Process process, Consumer<String> lines) {
        this.name = name;
        this.process = process;
        this.reader = Thread.ofVirtual().name("output-" + name).start(() -> pump(lines));
    }

    /**
     * Starts {@code command} with exactly {@code environment} in {@code workDir}.
     *
     * @param lines receives every output line, on the reading thread
     */
    public static SandboxProcess start(String name, List<String> command, Map<String, String> environment,
            Path workDir, Consumer<String> lines) {
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new SandboxProcess(name, builder.start(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    private void pump(Consumer<String> lines) {
        InputStream in = process.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int matched = 0; // bytes of MARK matched so far, held back from the line
        try (in) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == MARK[matched]) {
                        if (++matched == MARK.length) {
                            matched = 0;
                            markRead();
                        }
                        continue;
                    }
                    line.write(MARK, 0, matched); // not a mark after all (MARK has no newline)
                    matched = b == MARK[0] ? 1 : 0;
                    if (matched == 1) {
                        continue;
                    }
                    if (b == '\n') {
                        emit(line, lines);
                    } else {
                        line.write(b);
                    }
                }
            }
        } catch (IOException ignored) {
            // The process is gone; what it wrote until then was delivered.
        }
        line.write(MARK, 0, matched);
        if (line.size() > 0) {
            emit(line, lines);
        }
        marks.lock();
        try {
            ended = true;
            markSeen.signalAll();
        } finally {
            marks.unlock();
        }
    }

    private void markRead() {
        marks.lock();
        try {
            marksRead++;
            markSeen.signalAll();
        } finally {
            marks.unlock();
        }
    }

    private void emit(ByteArrayOutputStream line, Consumer<String> lines) {
        int end = line.size();
        byte[] bytes = line.toByteArray();
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        line.reset();
        if (output.size() < KEPT_LINES) {
            output.add(text);
        }
        lines.accept(text);
    }

    /**
     * Waits, at most {@code max}, until everything the process has written so far has been read
     * and passed on as lines (a line still without its newline stays pending). It writes a mark
     * into the process's output pipe through {@code /proc/<pid>/fd/1} and waits for the reader
     * to meet it; the pipe's own order does the rest. Returns at once when the process is gone
     * or its output is no longer that pipe.
     */
    public void awaitOutputRead(Duration max) {
        long mark;
        marks.lock();
        try {
            mark = ++marksWritten;
        } finally {
            marks.unlock();
        }
        try (FileOutputStream pipe = new FileOutputStream("/proc/" + pid() + "/fd/1")) {
            pipe.write(MARK);
        } catch (IOException e) {
            return;
        }
        marks.lock();
        try {
            long left = max.toNanos();
            while (marksRead < mark && !ended && left > 0) {
                left = markSeen.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            marks.unlock();
        }
    }

    /** The name the sandbox knows the process by: the extension's file name, or "runtime". */
    public String name() {
        return name;
    }

    /** The process id, which is also its process group id. */
    public long pid() {
        return process.pid();
    }

    /** Output lines so far (stdout and stderr merged). */
    public List<String> output() {
        return List.copyOf(output);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Completes when the process exits. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit code, once the process has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Stops every process of the group (SIGSTOP): a frozen process makes no progress at all. */
    public void freeze() {
        Signals.toGroup(pid(), Signals.SIGSTOP);
    }

    /** Lets the group run again (SIGCONT). */
    public void thaw() {
        Signals.toGroup(pid(), Signals.SIGCONT);
    }

    /** Asks the group to end (SIGTERM). */
    public void terminate() {
        Signals.toGroup(pid(), Signals.SIGTERM);
    }

    /** Ends the group at once (SIGKILL), thawing it first so the signal is not held up. */
    public void kill() {
        Signals.toGroup(pid(), Signals.SIGKILL);
        Signals.toGroup(pid(), Signals.SIGCONT);
    }

    /** Waits up to {@code timeout} for the process to exit; true when it has. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) {
            reader.join(Duration.ofMillis(200));
        }
        return exited;
    }

    /** CPU time the process and its descendants have used so far, in milliseconds. */
    public double cpuMillis() {
        return ProcessHandle.of(pid()).stream()
                .flatMap(handle -> Stream.concat(Stream.of(handle), handle.descendants()))
                .mapToDouble(handle -> handle.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0))
                .sum();
    }

    /**
     * The peak resident memory, in KiB, of the process and everything it spawned (VmHWM), as
     * Lambda's "max memory used" counts every process of the environment.
     */
    public long peakMemoryKib() {
        return memoryKib("VmHWM:");
    }

    /** The resident memory, in KiB, of the process and everything it spawned now (VmRSS). */
    public long residentMemoryKib() {
        return memoryKib("VmRSS:");
    }

    private long memoryKib(String field) {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .mapToLong(handle -> statusField(handle.pid(), field))
                .sum();
    }

    private static long statusField(long pid, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0; // exited meanwhile, or not Linux
        }
    }

    @Override
    public String toString() {
        return name + "[" + pid() + "]";
    }
}
