package org.medledger.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka 4.1 broker in this JVM: one node that is both KRaft controller and broker, built from Apache Kafka's
 * own server classes, so that services talk to the same wire protocol, topic auto-creation and consumer-group
 * behaviour as in production.
 *
 * <p>The log directory is formatted once (the equivalent of {@code kafka-storage.sh format}) and reused after that:
 * topics, offsets and the ledger's published blocks survive a restart of the stack.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats the log directory if it is new, starts the broker and returns once it answers clients. */
    public static KafkaBroker start(LocalStackConfig config) {
        Path logDir = config.dataDir().resolve("kafka");
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(properties(config, logDir));
        formatIfNew(kafkaConfig, logDir);
        var server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        var broker = new KafkaBroker(server, config.kafkaBootstrapServers());
        try {
            server.startup();
            broker.awaitReady();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** {@code localhost:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties properties(LocalStackConfig config, Path logDir) {
        String host = config.bindHost();
        var settings = new Properties();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + config.kafkaControllerPort());
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("listeners", "PLAINTEXT://" + host + ":" + config.kafkaPort() + "," + CONTROLLER_LISTENER
                + "://" + host + ":" + config.kafkaControllerPort());
        settings.put("advertised.listeners", "PLAINTEXT://" + config.kafkaBootstrapServers());
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir.toString());
        settings.put("auto.create.topics.enable", "true");
        settings.put("num.partitions", "1");
        // one broker: every internal topic with replication factor 1, or creating it would wait forever
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        // a developer's consumers should join at once, not after the 3 s production delay
        settings.put("group.initial.rebalance.delay.ms", "0");
        return settings;
    }

    /** Formats like {@code kafka-storage.sh format --ignore-formatted}: a directory that has data keeps it. */
    private static void formatIfNew(KafkaConfig kafkaConfig, Path logDir) {
        if (Files.isRegularFile(logDir.resolve("meta.properties"))) {
            log.debug("Kafka log directory {} is already formatted: reusing it", logDir);
            return;
        }
        var output = new ByteArrayOutputStream();
        try (var print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(kafkaConfig.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(Set.of(logDir.toString()))
                    .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setHasDynamicQuorum(false)
                    .setIgnoreFormatted(true)
                    .run();
            log.debug("Kafka log directory formatted: {}", output.toString(StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka's log directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka's log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** Returns once the broker has registered and answers a metadata request, as a client's first call would. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("Kafka not ready yet: {}", e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not answer on " + bootstrapServers + " within "
                            + READY_TIMEOUT.toSeconds() + " s");
                }
                HttpProbe.pause(Duration.ofMillis(200), "Kafka");
            }
        }
    }
}
