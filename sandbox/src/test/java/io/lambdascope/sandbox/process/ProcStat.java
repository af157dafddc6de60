package io.lambdascope.sandbox.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What Linux says about a process in {@code /proc/<pid>/stat}: its state ('T' when stopped by a
 * signal) and its process group and session.
 */
public final class ProcStat {

    private ProcStat() {
    }

    /** The state letter (R, S, D, T, Z...), or empty when the process is gone. */
    public static Optional<Character> state(long pid) {
        return fields(pid).map(fields -> fields.getFirst().charAt(0));
    }

    /** The process group id, or empty when the process is gone. */
    public static Optional<Long> processGroup(long pid) {
        return fields(pid).map(fields -> Long.parseLong(fields.get(2)));
    }

    /** The session id, or empty when the process is gone. */
    public static Optional<Long> session(long pid) {
        return fields(pid).map(fields -> Long.parseLong(fields.get(3)));
    }

    /** Whether the process is stopped (SIGSTOP); false when it is gone. */
    public static boolean stopped(long pid) {
        return state(pid).map(state -> state == 'T').orElse(false);
    }

    /** {@code pid} and every live descendant of it. */
    public static List<Long> tree(long pid) {
        return ProcessHandle.of(pid)
                .map(handle -> Stream.concat(Stream.of(handle), handle.descendants()).map(ProcessHandle::pid).toList())
                .orElse(List.of());
    }

    /**
     * Polls {@code condition} every few milliseconds until it holds or {@code bound} passes, for
     * what only shows in /proc or in a file; returns whether it held.
     */
    public static boolean await(Duration bound, BooleanSupplier condition) {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= end) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    // The fields after "(comm)", which may itself hold spaces and parentheses.
    private static Optional<List<String>> fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" ")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
