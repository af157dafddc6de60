package io.lambdascope.extension.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SandboxHostTest {

    @TempDir
    Path folder;

    @Test
    void bindsTheAddressTheHostsFileGivesSandboxLocaldomain() throws Exception {
        Path hosts = Files.writeString(folder.resolve("hosts"), """
                127.0.0.1 localhost
                # 10.0.0.1 sandbox.localdomain
                169.254.100.1\tsandbox.localdomain  sandbox   # Lambda
                """);

        SandboxHost host = SandboxHost.from(hosts);

        assertEquals(InetAddress.ofLiteral("169.254.100.1"), host.address());
        assertEquals(URI.create("http://sandbox.localdomain:4243"), host.destination(4243));
    }

    @Test
    void fallsBackToLoopbackByAddress() throws Exception {
        Path hosts = Files.writeString(folder.resolve("hosts"), "127.0.0.1 localhost\n");

        SandboxHost host = SandboxHost.from(hosts);

        assertEquals(InetAddress.getLoopbackAddress(), host.address());
        assertEquals(URI.create("http://127.0.0.1:4243"), host.destination(4243));
        assertEquals(SandboxHost.loopback(), SandboxHost.from(folder.resolve("missing")));
    }

    @Test
    void neverBindsEveryInterface() throws Exception {
        Path hosts = Files.writeString(folder.resolve("hosts"), "0.0.0.0 sandbox.localdomain\n:: sandbox.localdomain\n");

        assertEquals(SandboxHost.loopback(), SandboxHost.from(hosts));
    }
}
