package org.medledger.reportchain.bench;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.medledger.events.Topics;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.S3TestServers;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The service as the benchmarks run it: in a JVM of its own, with the heap limit and the options it ships with
 * ({@code -Xmx} from {@code bench.service.heap}, 256m by default; 4 MiB G1 regions; exit on OutOfMemoryError), and
 * what it talks to in this JVM: mongo-java-server in memory, one KRaft broker, both S3Proxy servers of the tests and
 * the fake booking-service; a fresh keyring, quiet logs.
 *
 * <p>Apart because the memory bound is the service's: sharing one small heap with S3Proxy, Kafka and
 * MongoDB, the service's garbage collection also had to mark their live data, which no deployment does. Both
 * processes share this machine's cores; {@link #serviceCpuNanos()} and {@link #benchCpuNanos()} count each.
 */
final class BenchService implements AutoCloseable {

    private static final String DATABASE = "bench";

    final WebClient client;
    final S3TestServer a = S3TestServers.a();
    final S3TestServer b = S3TestServers.b();
    final FakeBookingService booking = FakeBookingService.instance();
    /** The service's database, for what a benchmark reads there (manifests). */
    final ReactiveMongoTemplate mongo;
    /** The service's {@code -Xmx}. */
    final String serviceHeap = System.getProperty("bench.service.heap", "256m");
    private final MongoServer mongoServer;
    private final MongoClient mongoClient;
    private final EmbeddedKafkaKraftBroker kafka;
    private final Process service;
    private final PrintWriter commands;
    private final BufferedReader answers;

    /** Starts it; {@code serviceArgs} ({@code --property=value}) override application.yml. */
    BenchService(List<String> serviceArgs) throws Exception {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        String mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
        mongoClient = MongoClients.create(mongoUri);
        mongo = new ReactiveMongoTemplate(mongoClient, DATABASE);
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.REPORT, Topics.LEDGER);
        kafka.afterPropertiesSet();
        Path keyring = Files.createTempDirectory("bench-keyring");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + serviceHeap, "-XX:G1HeapRegionSize=4m", "-XX:+ExitOnOutOfMemoryError"));
        // the bench JVM's own switches (Unsafe access for Netty, agent loading), not its heap
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-Xmx") && !option.startsWith("-Dbench."))
                .forEach(command::add);
        // e.g. -Dbench.service.jvm=-XX:StartFlightRecording=filename=target/service.jfr
        String extra = System.getProperty("bench.service.jvm", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServiceMain.class.getName(),
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri + "/" + DATABASE,
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--medledger.storage.endpoint=" + a.endpoint(),
                "--medledger.storage.b.endpoint=" + b.endpoint(),
                "--medledger.booking.base-url=" + booking.baseUrl(),
                "--medledger.keys.local.directory=" + keyring,
                "--medledger.keys.local.pbkdf2-iterations=10000",
                "--medledger.audit.schedule.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.org.medledger=WARN"));
        command.addAll(serviceArgs);
        Path log = Path.of("target", "bench-service.log");
        Files.createDirectories(log.getParent());
        service = new ProcessBuilder(command).redirectError(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroyForcibly));
        commands = new PrintWriter(service.getOutputStream(), true, StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        int port = Integer.parseInt(ask("port"));
        client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(1024 * 1024)).build();
    }

    /** A property of the running service, as its environment resolves it; {@code ""} when unset. */
    String property(String name) {
        return ask("property " + name);
    }

    /** The most bytes of chunk buffers the service held at once since it started or the last reset. */
    long peakChunkBytes() {
        return Long.parseLong(ask("peak-chunk-bytes"));
    }

    void resetPeakChunkBytes() {
        ask("reset-peak");
    }

    /** The service's chunk size in bytes. */
    long chunkSize() {
        return Long.parseLong(ask("chunk-size"));
    }

    /** A download token the service issues to {@code userId} for {@code reportId}, as after a one-time code. */
    String downloadToken(String userId, String reportId) {
        return ask("download-token " + userId + " " + reportId);
    }

    /** The bytes all the service's transfers together may reserve. */
    long transferBudget() {
        return Long.parseLong(ask("transfer-budget"));
    }

    /** Whether the service process is still running. */
    boolean alive() {
        return service.isAlive();
    }

    /** Whether the service's start-up crypto warm-up has finished. */
    boolean cryptoWarmedUp() {
        return Boolean.parseBoolean(ask("crypto-warmed-up"));
    }

    /** CPU time of this JVM so far: the benchmark's client, the S3 servers, MongoDB and Kafka. */
    static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the service's process so far. */
    long serviceCpuNanos() {
        return service.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the service's CPU time is not readable here"))
                .toNanos();
    }

    private synchronized String ask(String request) {
        try {
            commands.println(request);
            String answer = answers.readLine();
            if (answer == null) {
                throw new IllegalStateException("the service exited (" + waitForExit()
                        + "): see target/bench-service.log");
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("the service does not answer: see target/bench-service.log", e);
        }
    }

    private String waitForExit() {
        try {
            return service.waitFor(10, TimeUnit.SECONDS) ? "status " + service.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Megabytes (10^6 bytes) per second. */
    static double rate(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    @Override
    public void close() {
        commands.close(); // end of input: the service closes its context and exits
        if (!waitForExit().startsWith("status")) {
            service.destroyForcibly();
        }
        mongoClient.close();
        kafka.destroy();
        mongoServer.shutdownNow();
    }
}
