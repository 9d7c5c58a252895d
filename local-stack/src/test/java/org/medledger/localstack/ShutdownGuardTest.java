package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownGuardTest {

    @TempDir
    Path dir;

    /** The case that leaves orphans behind: a JVM that starts Keycloak-like children and exits without closing. */
    @Test
    void childrenThatTheirOwnerForgotAreStoppedWhenTheJvmExits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ForgetfulOwner.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("owner.log").toFile())
                .start();
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("owner JVM exits").isTrue();

        List<Long> pids = Files.readAllLines(dir.resolve("pids")).stream().map(Long::valueOf).toList();
        assertThat(pids).hasSize(2);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
    }

    /** Starts a shell with a child of its own, writes both pids, and exits without stopping anything. */
    static final class ForgetfulOwner {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            var child = ChildProcess.start("sleeper", List.of("sh", "-c", "sleep 300 & wait"), Map.of(), dir,
                    dir.resolve("sleeper.log"));
            ProcessHandle root = ProcessHandle.of(child.pid()).orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (root.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String grandchild = root.descendants().findFirst().map(h -> String.valueOf(h.pid())).orElse("-1");
            Files.writeString(dir.resolve("pids"), child.pid() + "\n" + grandchild + "\n");
            System.exit(0);
        }
    }
}
