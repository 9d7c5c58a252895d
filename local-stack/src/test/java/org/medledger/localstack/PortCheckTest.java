package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.localstack.LocalStackConfig.PortUse;

class PortCheckTest {

    @TempDir
    Path dataDir;

    @Test
    void theMessageNamesThePortItsOwnerAndTheVariableThatMovesIt() {
        assertThat(PortCheck.message(new PortUse(9092, "Kafka", "MEDLEDGER_KAFKA_PORT")))
                .isEqualTo("port 9092 (Kafka) is already in use: stop what holds it or set MEDLEDGER_KAFKA_PORT");
    }

    @Test
    void findsTheFirstPortThatIsTaken() throws Exception {
        List<Integer> free = TestPorts.free(2);
        try (var holder = new ServerSocket(free.get(1), 50, InetAddress.getByName("127.0.0.1"))) {
            var ports = List.of(new PortUse(free.get(0), "S3", "MEDLEDGER_S3_PORT"),
                    new PortUse(holder.getLocalPort(), "MongoDB", "MEDLEDGER_MONGO_PORT"));
            assertThat(PortCheck.firstBusy("127.0.0.1", ports)).hasValue(ports.get(1));
        }
        assertThat(PortCheck.firstBusy("127.0.0.1", List.of(new PortUse(free.get(1), "MongoDB", "X")))).isEmpty();
    }

    @Test
    void theRunCommandStopsWithOneLineAndNoStackTraceWhenAPortIsTaken() throws Exception {
        Map<String, String> env = TestPorts.infraEnvironment(dataDir);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int busyPort = Integer.parseInt(env.get(LocalStackConfig.ENV_KAFKA_PORT));
        try (var holder = new ServerSocket(busyPort, 50, InetAddress.getByName("127.0.0.1"))) {
            int code = new LocalStackCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"--infra-only"}, env);
            assertThat(code).isEqualTo(1);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("port " + busyPort
                + " (Kafka) is already in use: stop what holds it or set MEDLEDGER_KAFKA_PORT" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
