package io.lambdascope.sandbox.process;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.locks.LockSupport;
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
    /** How long the output reader must have been idle for the output to count as read. */
    private static final Duration QUIET = Duration.ofNanos(500_000);
    private static final long BUSY = Long.MIN_VALUE;

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;
    /** When the reader entered its current read, everything before passed on; {@link #BUSY} while it passes a chunk on. */
    private volatile long idleSinceNanos = BUSY;

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
        try (in) {
            while (true) {
                idleSinceNanos = System.nanoTime();
                int n = in.read(chunk);
                idleSinceNanos = BUSY;
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        emit(line, lines);
                    } else {
                        line.write(chunk[i]);
                    }
                }
            }
        } catch (IOException ignored) {
            // The process is gone; what it wrote until then was delivered.
        } finally {
            idleSinceNanos = BUSY;
        }
        if (line.size() > 0) {
            emit(line, lines);
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
     * Waits, at most {@code max}, until what the process wrote so far has most likely been read
     * and passed on as lines: the reader has sat in a read for {@link #QUIET}. Output written
     * before now is already in the pipe, and a blocked reader wakes for it well within that time,
     * so a reader idle that long most likely has nothing left to read; one that went idle long
     * ago costs no wait at all. Lines that still come late are what Lambda shows too: the log
     * stream is not ordered with the platform events to the microsecond. (The pipe itself
     * cannot be asked: its stream's {@code available()} waits for the lock a blocked read holds.)
     * A line still without its newline stays pending.
     */
    public void awaitOutputRead(Duration max) {
        long until = System.nanoTime() + max.toNanos();
        while (true) {
            long since = idleSinceNanos;
            long now = System.nanoTime();
            if ((since != BUSY && now - since >= QUIET.toNanos()) || now - until >= 0) {
                return;
            }
            LockSupport.parkNanos(50_000);
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

    /**
     * The peak resident memory, in KiB, of the process and everything it spawned (VmHWM), as
     * Lambda's "max memory used" counts every process of the environment.
     */
    public long peakMemoryKib() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .mapToLong(handle -> highWaterMark(handle.pid()))
                .sum();
    }

    private static long highWaterMark(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
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
