package org.medledger.support.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test context at an in-memory MongoDB wire server (mongo-java-server), one server per test JVM and
 * a fresh database per context, so contexts stay isolated without paying a server start each.
 * Use with {@code @ContextConfiguration(initializers = InMemoryMongo.class)}.
 */
public class InMemoryMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static MongoServer server;

    /** The shared server's address, started on first use. */
    public static synchronized InetSocketAddress address() {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        }
        return server.getLocalAddress();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        InetSocketAddress address = address();
        String database = "test-" + UUID.randomUUID().toString().substring(0, 8);
        TestPropertyValues.of("spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort() + "/" + database,
                "management.health.mongodb.enabled=false").applyTo(context);
    }
}
