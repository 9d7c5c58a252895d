package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stoppingAShellAlsoStopsTheProcessItStarted() {
        // like kc.sh: a shell whose real work is a child process
        var child = ChildProcess.start("shell", List.of("sh", "-c", "sleep 300 & wait"), Map.of(), dir,
                dir.resolve("logs/shell.log"));
        List<ProcessHandle> tree = awaitDescendants(child);

        child.stop(Duration.ofSeconds(5));

        assertThat(child.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aProcessThatIgnoresTermIsKilledAfterTheGracePeriod() {
        var child = ChildProcess.start("stubborn", List.of("sh", "-c", "trap '' TERM; echo ready; sleep 300 & wait"),
                Map.of(), dir, dir.resolve("logs/stubborn.log"));
        awaitDescendants(child);

        long begin = System.nanoTime();
        child.stop(Duration.ofMillis(500));

        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anExitedProcessIsReportedWithTheEndOfItsLog() throws Exception {
        var child = ChildProcess.start("failing", List.of("sh", "-c", "echo 'port taken'; exit 3"),
                Map.of("UNUSED", "x"), dir, dir.resolve("logs/failing.log"));
        while (child.isAlive()) {
            Thread.sleep(20);
        }
        assertThatThrownBy(child::requireAlive)
                .hasMessageStartingWith("failing exited with code 3; its log is " + dir.resolve("logs/failing.log"))
                .hasMessageContaining("port taken");
    }

    private static List<ProcessHandle> awaitDescendants(ChildProcess child) {
        ProcessHandle root = ProcessHandle.of(child.pid()).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (root.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<ProcessHandle> tree = root.descendants().toList();
        assertThat(tree).isNotEmpty();
        return tree;
    }
}
