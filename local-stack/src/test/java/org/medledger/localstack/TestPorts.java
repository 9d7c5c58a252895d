package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Free ports for a test stack, so that tests never collide with a developer's running stack. */
final class TestPorts {

    private TestPorts() {
    }

    /** {@code count} distinct ports that were free a moment ago (all held open together while choosing). */
    static List<Integer> free(int count) {
        var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            });
        }
    }

    /** An environment that puts every infrastructure port on a free one and the data in {@code dataDir}. */
    static Map<String, String> infraEnvironment(Path dataDir) {
        List<Integer> ports = free(6);
        var env = new HashMap<String, String>();
        env.put(LocalStackConfig.ENV_DATA_DIR, dataDir.toString());
        env.put(LocalStackConfig.ENV_KEYCLOAK_ENABLED, "false");
        env.put(LocalStackConfig.ENV_KAFKA_PORT, ports.get(0).toString());
        env.put(LocalStackConfig.ENV_KAFKA_CONTROLLER_PORT, ports.get(1).toString());
        env.put(LocalStackConfig.ENV_S3_PORT, ports.get(2).toString());
        env.put(LocalStackConfig.ENV_MONGO_PORT, ports.get(3).toString());
        env.put(LocalStackConfig.ENV_SMTP_PORT, ports.get(4).toString());
        env.put(LocalStackConfig.ENV_IMAP_PORT, ports.get(5).toString());
        return env;
    }

    static LocalStackConfig infraConfig(Path dataDir) {
        return LocalStackConfig.fromEnvironment(infraEnvironment(dataDir), Path.of("").toAbsolutePath());
    }
}
