package io.lambdascope.sandbox.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes in their own groups: output lines, a clean environment, freezing, thawing, ending. */
class SandboxProcessTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "GREETING", "hello");

    @TempDir
    Path dir;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<SandboxProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(SandboxProcess::kill);
    }

    private SandboxProcess sh(String script) {
        SandboxProcess process = SandboxProcess.start("test", List.of("sh", "-c", script), ENV, dir, lines::add);
        started.add(process);
        return process;
    }

    private String line() throws InterruptedException {
        String line = lines.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no output line within " + BOUND);
        }
        return line;
    }

    /** The first child of {@code process}, once it has one. */
    private static long child(SandboxProcess process) {
        assertTrue(ProcStat.await(BOUND, () -> ProcStat.tree(process.pid()).size() > 1), "no child started");
        return ProcStat.tree(process.pid()).get(1);
    }

    @Test
    void mergesStdoutAndStderrIntoLinesInOrder() throws Exception {
        SandboxProcess process = sh("echo one; echo two >&2; printf 'three\\nfour'");
        assertEquals(List.of("one", "two", "three", "four"), List.of(line(), line(), line(), line()));
        assertTrue(process.awaitExit(BOUND));
        assertEquals(0, process.exitCode());
        assertEquals(List.of("one", "two", "three", "four"), process.output());
        assertEquals("test", process.name());
    }

    @Test
    void awaitOutputReadReturnsOnceEverythingWrittenSoFarWasPassedOn() throws Exception {
        Path written = dir.resolve("written");
        List<String> consumed = new CopyOnWriteArrayList<>();
        // A slow consumer, so the reader is still far behind when the process has written everything.
        SandboxProcess process = SandboxProcess.start("test", List.of("sh", "-c", """
                i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done
                printf 'almost\\000ls-mark but not\\n'
                printf 'no newline yet'; touch written; exec sleep 60
                """), ENV, dir, line -> {
                    LockSupport.parkNanos(20_000);
                    consumed.add(line);
                });
        started.add(process);
        assertTrue(ProcStat.await(BOUND, () -> Files.exists(written)), "the process wrote its output");

        process.awaitOutputRead(BOUND);
        assertEquals(2001, consumed.size(), "every complete line was passed on before it returned");
        assertEquals("line 1999", consumed.get(1999));
        assertEquals("almost\0ls-mark but not", consumed.get(2000), "bytes like the mark's pass through");

        process.kill();
        assertTrue(process.awaitExit(BOUND));
        assertTrue(ProcStat.await(BOUND, () -> consumed.size() == 2002));
        assertEquals("no newline yet", consumed.get(2001), "the mark never shows in the output");
    }

    @Test
    void runsWithExactlyTheGivenEnvironmentInTheGivenFolder() throws Exception {
        SandboxProcess process = sh("echo \"greeting=$GREETING home=${HOME-unset} java=${JAVA_HOME-unset}\"; pwd");
        assertEquals("greeting=hello home=unset java=unset", line());
        assertEquals(dir.toRealPath().toString(), line());
        assertTrue(process.awaitExit(BOUND));
    }

    @Test
    void leadsAProcessGroupAndSessionOfItsOwn() throws Exception {
        SandboxProcess process = sh("sleep 60 & wait");
        long child = child(process);
        assertEquals(Optional.of(process.pid()), ProcStat.processGroup(process.pid()));
        assertEquals(Optional.of(process.pid()), ProcStat.session(process.pid()));
        assertEquals(Optional.of(process.pid()), ProcStat.processGroup(child), "what it spawns is in its group");
        assertTrue(ProcessHandle.current().pid() != ProcStat.processGroup(process.pid()).orElseThrow());
    }

    @Test
    void freezeStopsEveryProcessOfTheGroupAndThawResumesThem() throws Exception {
        SandboxProcess process = sh("sleep 60 & wait");
        long child = child(process);
        process.freeze();
        assertTrue(ProcStat.await(BOUND, () -> ProcStat.stopped(process.pid()) && ProcStat.stopped(child)),
                "states " + ProcStat.state(process.pid()) + " " + ProcStat.state(child));
        process.thaw();
        assertTrue(ProcStat.await(BOUND, () -> !ProcStat.stopped(process.pid()) && !ProcStat.stopped(child)),
                "states " + ProcStat.state(process.pid()) + " " + ProcStat.state(child));
        assertTrue(process.alive());
    }

    @Test
    void aFrozenProcessWritesNothingUntilThawed() throws Exception {
        SandboxProcess process = sh("echo waiting; read go; echo \"after $go\"");
        assertEquals("waiting", line());
        process.freeze();
        assertTrue(ProcStat.await(BOUND, () -> ProcStat.stopped(process.pid())));
        // The input is there; only the stop keeps the process from answering it.
        Runtime.getRuntime().exec(new String[] {"sh", "-c", "echo thaw > /proc/" + process.pid() + "/fd/0"}).waitFor();
        assertEquals(null, lines.poll(300, TimeUnit.MILLISECONDS), "a frozen process wrote output");
        process.thaw();
        assertEquals("after thaw", line());
    }

    @Test
    void terminateSendsSigtermToTheGroup() throws Exception {
        SandboxProcess process = sh("trap 'echo stopping; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
        assertEquals("ready", line());
        process.terminate();
        // The shell may first say that the sleep it was waiting for was terminated too.
        String line = line();
        if (line.equals("Terminated")) {
            line = line();
        }
        assertEquals("stopping", line);
        assertTrue(process.awaitExit(BOUND));
        assertEquals(7, process.exitCode());
    }

    @Test
    void killEndsAFrozenGroupWithEverythingItSpawned() throws Exception {
        SandboxProcess process = sh("sleep 60 & wait");
        long child = child(process);
        process.freeze();
        assertTrue(ProcStat.await(BOUND, () -> ProcStat.stopped(process.pid())));
        process.kill();
        assertTrue(process.awaitExit(BOUND));
        assertFalse(process.alive());
        assertEquals(128 + 9, process.exitCode());
        assertTrue(ProcStat.await(BOUND, () -> ProcStat.state(child).map(s -> s == 'Z').orElse(true)),
                "the child survived: " + ProcStat.state(child));
    }

    @Test
    void awaitExitIsBoundedForAProcessThatKeepsRunning() throws Exception {
        SandboxProcess process = sh("sleep 60");
        assertFalse(process.awaitExit(Duration.ofMillis(50)));
        assertTrue(process.alive());
    }

    @Test
    void reportsThePeakResidentMemoryOfALiveProcess() throws Exception {
        SandboxProcess process = sh("echo up; sleep 60");
        assertEquals("up", line());
        assertTrue(process.peakMemoryKib() > 0);
    }

    @Test
    void failsToStartInAFolderThatDoesNotExist() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SandboxProcess.start("ghost",
                List.of("true"), ENV, dir.resolve("missing"), line -> { }));
        assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    }
}
