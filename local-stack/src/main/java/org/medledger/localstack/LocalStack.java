package org.medledger.localstack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MedLedger development stack minus the five services: Kafka, S3, MongoDB and mail in this JVM, and Keycloak
 * as a child process (unless {@link LocalStackConfig#keycloakEnabled()} is off).
 *
 * <p>Typical use, for example in a system test (the services come from {@link ServiceProcesses}):
 * <pre>{@code
 * try (var stack = LocalStack.start(LocalStackConfig.fromEnvironment());
 *      var services = ServiceProcesses.start(stack, repoRoot)) {
 *     // http://localhost:8080 serves the web UI and the API; tokens come from stack.config().issuerUri()
 * }
 * }</pre>
 * Try-with-resources closes in reverse order: the services first, then Keycloak, then the infrastructure, so no
 * service ever sees its broker or database vanish under it.
 *
 * <p>{@link LocalStackConfig#fromEnvironment()} gives SPEC.md's ports and {@code <repo>/.medledger-data}, which is
 * also what a developer's running stack uses: a test that must run beside it takes its own data directory
 * ({@link LocalStackConfig#withDataDir}) and ports ({@code MEDLEDGER_*_PORT}, see {@link LocalStackConfig}). For
 * tests of the infrastructure alone: {@code LocalStack.start(config.withoutKeycloak().withDataDir(tempDir))}.
 *
 * <p>Data survives a restart on the same data directory: Kafka's log, the S3 objects, the MongoDB file and
 * Keycloak's database (mail lives in memory). Should the JVM end without {@link #close()}, a shutdown hook still
 * stops Keycloak and the services, so no orphan keeps their ports.
 *
 * <p>{@link #start} either returns a stack whose every part answers clients, or throws after stopping whatever it
 * had started; it never leaves a half-started stack behind.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private KafkaBroker kafka;
    private S3Server s3;
    private MongoWireServer mongo;
    private MailServer mail;
    private KeycloakProcess keycloak;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    /**
     * Starts the infrastructure, then Keycloak; each part is ready when this returns.
     *
     * @throws IllegalStateException when a port is taken (one line: which, and the variable that moves it), or a
     *                               part does not start; the parts started before it are stopped again
     */
    public static LocalStack start(LocalStackConfig config) {
        PortCheck.firstBusy(config.bindHost(), config.stackPorts()).ifPresent(busy -> {
            throw new IllegalStateException(PortCheck.message(busy));
        });
        var stack = new LocalStack(config);
        try {
            stack.kafka = stack.startPart("Kafka", () -> KafkaBroker.start(config));
            stack.s3 = stack.startPart("S3", () -> S3Server.start(config));
            stack.mongo = stack.startPart("MongoDB", () -> MongoWireServer.start(config));
            stack.mail = stack.startPart("mail", () -> MailServer.start(config));
            if (config.keycloakEnabled()) {
                stack.keycloak = stack.startPart("Keycloak", () -> KeycloakProcess.start(config));
            }
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    public LocalStackConfig config() {
        return config;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    public MongoWireServer mongo() {
        return mongo;
    }

    public MailServer mail() {
        return mail;
    }

    /** Empty when the stack runs without Keycloak. */
    public Optional<KeycloakProcess> keycloak() {
        return Optional.ofNullable(keycloak);
    }

    /** Stops Keycloak, then mail, MongoDB, S3 and Kafka; a part that fails to stop does not keep the others up. */
    @Override
    public void close() {
        // stopping must finish even when the caller was interrupted (Ctrl-C during start-up)
        boolean interrupted = Thread.interrupted();
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private <T extends AutoCloseable> T startPart(String name, Supplier<T> starter) {
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("start-up interrupted before " + name);
        }
        long begin = System.nanoTime();
        T part = starter.get();
        started.push(part);
        log.info("{} ready in {} ms", name, (System.nanoTime() - begin) / 1_000_000);
        return part;
    }
}
