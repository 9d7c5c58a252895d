package org.medledger.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the local stack needs to know, in one immutable value.
 *
 * <p>The defaults are the endpoints that SPEC.md promises ("The embedded default"), so that a developer who sets
 * nothing gets exactly the documented URLs. Every value can be overridden by an environment variable (see
 * {@link #fromEnvironment(Map, Path)} and the {@code ENV_*} constants), because the two things that go wrong on a
 * developer machine are a port that is already taken and a data directory somewhere else.
 *
 * @param repoRoot               the MedLedger checkout: realm files under {@code keycloak/}, service jars under
 *                               {@code <module>/target/}
 * @param dataDir                where every component keeps its data, so that a restart finds it again
 * @param bindHost               the address the in-process servers listen on (loopback: nothing is exposed)
 * @param publicHost             the host name written into URLs that clients use (tokens' issuer, Kafka's
 *                               advertised listener)
 * @param keycloakHome           the unpacked Keycloak distribution, or {@code null} to look for it under
 *                               {@code .cache/keycloak-<version>} (see {@link KeycloakHome})
 * @param keycloakEnabled        {@code false} starts the in-process infrastructure only (unit tests, a quick start)
 * @param keycloakStartTimeout   how long Keycloak may take to answer its discovery document
 * @param servicesStartTimeout   how long the five services may take, together, to become ready
 */
public record LocalStackConfig(
        Path repoRoot,
        Path dataDir,
        String bindHost,
        String publicHost,
        int kafkaPort,
        int kafkaControllerPort,
        int s3Port,
        int mongoPort,
        int smtpPort,
        int imapPort,
        int keycloakPort,
        int keycloakManagementPort,
        int gatewayPort,
        int identityPort,
        int bookingPort,
        int reportChainPort,
        int notificationPort,
        String s3AccessKey,
        String s3SecretKey,
        Path keycloakHome,
        boolean keycloakEnabled,
        Duration keycloakStartTimeout,
        Duration servicesStartTimeout) {

    /** Development default of the S3 identity (SPEC: "development credentials"); never a production value. */
    public static final String DEV_S3_ACCESS_KEY = "medledger";
    /** Development default of the S3 credential (SPEC: "development credentials"); never a production value. */
    public static final String DEV_S3_SECRET_KEY = "medledger-secret";
    /** The two buckets of the two-bucket placement policy. */
    public static final List<String> BUCKETS = List.of("reports-a", "reports-b");
    /** The Keycloak realm of MedLedger. */
    public static final String REALM = "medledger";
    /** Name of the data directory, at the repository root, unless {@value #ENV_DATA_DIR} says otherwise. */
    public static final String DEFAULT_DATA_DIR_NAME = ".medledger-data";

    public static final String ENV_REPO_ROOT = "MEDLEDGER_REPO_ROOT";
    public static final String ENV_DATA_DIR = "MEDLEDGER_DATA_DIR";
    public static final String ENV_BIND_HOST = "MEDLEDGER_BIND_HOST";
    public static final String ENV_PUBLIC_HOST = "MEDLEDGER_PUBLIC_HOST";
    public static final String ENV_KAFKA_PORT = "MEDLEDGER_KAFKA_PORT";
    public static final String ENV_KAFKA_CONTROLLER_PORT = "MEDLEDGER_KAFKA_CONTROLLER_PORT";
    public static final String ENV_S3_PORT = "MEDLEDGER_S3_PORT";
    public static final String ENV_MONGO_PORT = "MEDLEDGER_MONGO_PORT";
    public static final String ENV_SMTP_PORT = "MEDLEDGER_SMTP_PORT";
    public static final String ENV_IMAP_PORT = "MEDLEDGER_IMAP_PORT";
    public static final String ENV_KEYCLOAK_PORT = "MEDLEDGER_KEYCLOAK_PORT";
    public static final String ENV_KEYCLOAK_MANAGEMENT_PORT = "MEDLEDGER_KEYCLOAK_MANAGEMENT_PORT";
    public static final String ENV_GATEWAY_PORT = "MEDLEDGER_GATEWAY_PORT";
    public static final String ENV_IDENTITY_PORT = "MEDLEDGER_IDENTITY_PORT";
    public static final String ENV_BOOKING_PORT = "MEDLEDGER_BOOKING_PORT";
    public static final String ENV_REPORT_CHAIN_PORT = "MEDLEDGER_REPORT_CHAIN_PORT";
    public static final String ENV_NOTIFICATION_PORT = "MEDLEDGER_NOTIFICATION_PORT";
    public static final String ENV_S3_ACCESS_KEY = "MEDLEDGER_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "MEDLEDGER_S3_SECRET_KEY";
    public static final String ENV_KEYCLOAK_HOME = "MEDLEDGER_KEYCLOAK_HOME";
    public static final String ENV_KEYCLOAK_ENABLED = "MEDLEDGER_KEYCLOAK_ENABLED";
    public static final String ENV_KEYCLOAK_START_TIMEOUT = "MEDLEDGER_KEYCLOAK_START_TIMEOUT";
    public static final String ENV_SERVICES_START_TIMEOUT = "MEDLEDGER_SERVICES_START_TIMEOUT";

    /** A file that only a MedLedger checkout has: how the repository root is recognised. */
    static final String REPO_MARKER = "keycloak/realm/medledger-realm.json";

    public LocalStackConfig {
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(publicHost, "publicHost");
        Objects.requireNonNull(s3AccessKey, "s3AccessKey");
        Objects.requireNonNull(s3SecretKey, "s3SecretKey");
        Objects.requireNonNull(keycloakStartTimeout, "keycloakStartTimeout");
        Objects.requireNonNull(servicesStartTimeout, "servicesStartTimeout");
        repoRoot = repoRoot.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        keycloakHome = keycloakHome == null ? null : keycloakHome.toAbsolutePath().normalize();
    }

    /** The configuration of this process: its environment, and the checkout around its working directory. */
    public static LocalStackConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * Builds a configuration from environment variables, with SPEC.md's defaults for whatever is not set.
     *
     * @param env        the variables (tests pass their own map rather than touching the process environment)
     * @param workingDir where to start looking for the repository root when {@value #ENV_REPO_ROOT} is not set
     * @throws IllegalArgumentException with a one-line message naming the variable, when a value is malformed
     */
    public static LocalStackConfig fromEnvironment(Map<String, String> env, Path workingDir) {
        var values = new EnvValues(env);
        Path repoRoot = values.path(ENV_REPO_ROOT).orElseGet(() -> findRepoRoot(workingDir));
        Path dataDir = values.path(ENV_DATA_DIR).orElse(repoRoot.resolve(DEFAULT_DATA_DIR_NAME));
        return new LocalStackConfig(
                repoRoot,
                dataDir,
                values.string(ENV_BIND_HOST, "127.0.0.1"),
                values.string(ENV_PUBLIC_HOST, "localhost"),
                values.port(ENV_KAFKA_PORT, 9092),
                values.port(ENV_KAFKA_CONTROLLER_PORT, 9093),
                values.port(ENV_S3_PORT, 9000),
                values.port(ENV_MONGO_PORT, 27017),
                values.port(ENV_SMTP_PORT, 3025),
                values.port(ENV_IMAP_PORT, 3143),
                values.port(ENV_KEYCLOAK_PORT, 8180),
                values.port(ENV_KEYCLOAK_MANAGEMENT_PORT, 9180),
                values.port(ENV_GATEWAY_PORT, 8080),
                values.port(ENV_IDENTITY_PORT, 8081),
                values.port(ENV_BOOKING_PORT, 8082),
                values.port(ENV_REPORT_CHAIN_PORT, 8083),
                values.port(ENV_NOTIFICATION_PORT, 8084),
                values.string(ENV_S3_ACCESS_KEY, DEV_S3_ACCESS_KEY),
                values.string(ENV_S3_SECRET_KEY, DEV_S3_SECRET_KEY),
                values.path(ENV_KEYCLOAK_HOME).orElse(null),
                values.bool(ENV_KEYCLOAK_ENABLED, true),
                values.duration(ENV_KEYCLOAK_START_TIMEOUT, Duration.ofMinutes(3)),
                values.duration(ENV_SERVICES_START_TIMEOUT, Duration.ofMinutes(4)));
    }

    /**
     * Walks up from {@code start} to the first directory that holds the realm files, i.e. the repository root;
     * falls back to {@code start} itself, so that a stack started elsewhere still gets a predictable data dir.
     */
    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(REPO_MARKER))) {
                return dir;
            }
        }
        return start.toAbsolutePath().normalize();
    }

    /** The same configuration without Keycloak: the in-process infrastructure only. */
    public LocalStackConfig withoutKeycloak() {
        return new LocalStackConfig(repoRoot, dataDir, bindHost, publicHost, kafkaPort, kafkaControllerPort, s3Port,
                mongoPort, smtpPort, imapPort, keycloakPort, keycloakManagementPort, gatewayPort, identityPort,
                bookingPort, reportChainPort, notificationPort, s3AccessKey, s3SecretKey, keycloakHome, false,
                keycloakStartTimeout, servicesStartTimeout);
    }

    /** The same configuration with another data directory (tests use a temporary one). */
    public LocalStackConfig withDataDir(Path newDataDir) {
        return new LocalStackConfig(repoRoot, newDataDir, bindHost, publicHost, kafkaPort, kafkaControllerPort,
                s3Port, mongoPort, smtpPort, imapPort, keycloakPort, keycloakManagementPort, gatewayPort, identityPort,
                bookingPort, reportChainPort, notificationPort, s3AccessKey, s3SecretKey, keycloakHome,
                keycloakEnabled, keycloakStartTimeout, servicesStartTimeout);
    }

    /** The ports of the in-process infrastructure, and of Keycloak when it is enabled. */
    public List<PortUse> stackPorts() {
        var ports = new ArrayList<>(List.of(
                new PortUse(kafkaPort, "Kafka", ENV_KAFKA_PORT),
                new PortUse(kafkaControllerPort, "Kafka controller", ENV_KAFKA_CONTROLLER_PORT),
                new PortUse(s3Port, "S3", ENV_S3_PORT),
                new PortUse(mongoPort, "MongoDB", ENV_MONGO_PORT),
                new PortUse(smtpPort, "SMTP", ENV_SMTP_PORT),
                new PortUse(imapPort, "IMAP", ENV_IMAP_PORT)));
        if (keycloakEnabled) {
            ports.add(new PortUse(keycloakPort, "Keycloak", ENV_KEYCLOAK_PORT));
            ports.add(new PortUse(keycloakManagementPort, "Keycloak management", ENV_KEYCLOAK_MANAGEMENT_PORT));
        }
        return List.copyOf(ports);
    }

    /** The ports of the five services. */
    public List<PortUse> servicePorts() {
        return List.of(
                new PortUse(gatewayPort, "gateway", ENV_GATEWAY_PORT),
                new PortUse(identityPort, "identity-service", ENV_IDENTITY_PORT),
                new PortUse(bookingPort, "booking-service", ENV_BOOKING_PORT),
                new PortUse(reportChainPort, "report-chain-service", ENV_REPORT_CHAIN_PORT),
                new PortUse(notificationPort, "notification-service", ENV_NOTIFICATION_PORT));
    }

    /** {@code localhost:9092}: what Kafka clients bootstrap from. */
    public String kafkaBootstrapServers() {
        return publicHost + ":" + kafkaPort;
    }

    /** {@code http://localhost:9000}: the S3 endpoint (path-style). */
    public String s3Endpoint() {
        return "http://" + publicHost + ":" + s3Port;
    }

    /** {@code mongodb://localhost:27017/<database>}. */
    public String mongoUri(String database) {
        return "mongodb://" + publicHost + ":" + mongoPort + "/" + database;
    }

    /** {@code http://localhost:8180}: Keycloak's base URL (admin console under {@code /admin}). */
    public String keycloakUrl() {
        return "http://" + publicHost + ":" + keycloakPort;
    }

    /** {@code http://localhost:8180/realms/medledger}: the issuer of every MedLedger token. */
    public String issuerUri() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    /** {@code http://localhost:8080}: the web UI and the public API. */
    public String gatewayUrl() {
        return "http://" + publicHost + ":" + gatewayPort;
    }

    /** A port the stack will listen on, with what to tell the developer when it is taken. */
    public record PortUse(int port, String owner, String envVar) {
    }

    /** Reads typed values from an environment map, failing with a one-line message that names the variable. */
    private record EnvValues(Map<String, String> env) {

        private Optional<String> raw(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty()
                    : Optional.of(value.strip());
        }

        String string(String name, String fallback) {
            return raw(name).orElse(fallback);
        }

        Optional<Path> path(String name) {
            return raw(name).map(Path::of);
        }

        int port(String name, int fallback) {
            return raw(name).map(value -> {
                try {
                    int port = Integer.parseInt(value);
                    if (port >= 1 && port <= 65535) {
                        return port;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IllegalArgumentException(name + " must be a port number (1-65535), not '" + value + "'");
            }).orElse(fallback);
        }

        boolean bool(String name, boolean fallback) {
            return raw(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
            }).orElse(fallback);
        }

        /** Accepts ISO-8601 ({@code PT90S}) or plain seconds ({@code 90}). */
        Duration duration(String name, Duration fallback) {
            return raw(name).map(value -> {
                try {
                    return value.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(value))
                            : Duration.parse(value);
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw new IllegalArgumentException(
                            name + " must be a duration in seconds (90) or ISO-8601 (PT90S), not '" + value + "'");
                }
            }).orElse(fallback);
        }
    }
}
