package io.lambdascope.sandbox.process;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * POSIX signals through libc's {@code kill(2)}, called with the foreign function API: freezing an
 * environment signals every process group at every invocation, and a {@code kill} subprocess per
 * signal would cost milliseconds each time.
 */
final class Signals {

    // Linux numbering, the same on x86_64 and aarch64.
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;

    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Signals() {
    }

    /** Sends {@code signal} to every process of the group {@code pgid}; false when none is left. */
    static boolean toGroup(long pgid, int signal) {
        try {
            return (int) KILL.invokeExact((int) -pgid, signal) == 0;
        } catch (Throwable e) {
            throw new IllegalStateException("kill(" + -pgid + ", " + signal + ") failed", e);
        }
    }
}
