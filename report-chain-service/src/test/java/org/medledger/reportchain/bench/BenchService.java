package org.medledger.reportchain.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.medledger.events.Topics;
import org.medledger.reportchain.ReportChainApplication;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestSecurityConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The service as the benchmarks run it, all in this JVM: mongo-java-server in memory, one KRaft broker, both
 * S3Proxy servers of the tests, the fake booking-service and a fresh keyring; quiet logs.
 */
final class BenchService implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final WebClient client;
    final S3TestServer a = S3TestServers.a();
    final S3TestServer b = S3TestServers.b();
    final FakeBookingService booking = FakeBookingService.instance();
    private final MongoServer mongo;
    private final EmbeddedKafkaKraftBroker kafka;

    /** Starts it; {@code serviceArgs} ({@code --property=value}) override application.yml. */
    BenchService(List<String> serviceArgs) throws Exception {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress mongoAddress = mongo.getLocalAddress();
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.REPORT, Topics.LEDGER);
        kafka.afterPropertiesSet();
        Path keyring = Files.createTempDirectory("bench-keyring");
        context = new SpringApplicationBuilder(ReportChainApplication.class, TestSecurityConfiguration.class)
                .run(Stream.concat(Stream.of("--server.port=0",
                        "--spring.mongodb.uri=mongodb://127.0.0.1:" + mongoAddress.getPort() + "/bench",
                        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "--medledger.storage.endpoint=" + a.endpoint(),
                        "--medledger.storage.b.endpoint=" + b.endpoint(),
                        "--medledger.booking.base-url=" + booking.baseUrl(),
                        "--medledger.keys.local.directory=" + keyring,
                        "--medledger.keys.local.pbkdf2-iterations=10000",
                        "--medledger.audit.schedule.enabled=false",
                        "--logging.level.root=WARN",
                        "--logging.level.org.medledger=WARN"), serviceArgs.stream()).toArray(String[]::new));
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(1024 * 1024)).build();
    }

    /** Megabytes (10^6 bytes) per second. */
    static double rate(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    @Override
    public void close() {
        context.close();
        kafka.destroy();
        mongo.shutdownNow();
    }
}
