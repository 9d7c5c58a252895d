package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The environment variables through which the local stack tells each service where everything is.
 *
 * <p>Services are configured by environment only, the way docker-compose and Kubernetes configure them, so that
 * the local stack exercises the same configuration path. Where Spring Boot has a standard property the standard
 * name is set (Boot binds {@code SPRING_KAFKA_BOOTSTRAP_SERVERS} to {@code spring.kafka.bootstrap-servers}); the
 * {@code MEDLEDGER_*} names are MedLedger's own settings. The credentials are the development defaults of
 * SPEC.md, nothing else.
 */
public final class ServiceEnvironment {

    /** Development default of the gateway's client secret, as in {@code keycloak/realm/medledger-realm.json}. */
    static final String DEV_GATEWAY_CLIENT_SECRET = "dev-only-gateway-secret";
    /** Development default of identity-service's client secret, as in the realm file. */
    static final String DEV_IDENTITY_CLIENT_SECRET = "dev-only-identity-secret";
    /** Spring profile the services run with in the local stack, for settings that only apply here. */
    public static final String PROFILE = "local";

    private ServiceEnvironment() {
    }

    /** Everything {@code service} gets, sorted by name. */
    public static Map<String, String> of(LocalStackConfig config, MedLedgerService service) {
        var env = new TreeMap<>(common(config));
        env.put("SERVER_PORT", String.valueOf(service.port(config)));
        // the address the port check tested, like the infrastructure's: on all interfaces a port held elsewhere
        // (::1, a LAN address) passed the check and the service then died at start-up
        env.put("SERVER_ADDRESS", config.bindHost());
        env.put("MEDLEDGER_DATA_DIR", config.dataDir().resolve(service.module()).toString());
        service.database().ifPresent(db -> env.put("SPRING_MONGODB_URI", config.mongoUri(db)));
        switch (service) {
            case IDENTITY -> {
                env.put("MEDLEDGER_IDENTITY_CLIENT_ID", "identity-service");
                env.put("MEDLEDGER_IDENTITY_CLIENT_SECRET", DEV_IDENTITY_CLIENT_SECRET);
            }
            case GATEWAY -> {
                env.put("MEDLEDGER_GATEWAY_CLIENT_ID", "medledger-gateway");
                env.put("MEDLEDGER_GATEWAY_CLIENT_SECRET", DEV_GATEWAY_CLIENT_SECRET);
            }
            default -> {
                // the others need nothing of their own
            }
        }
        return env;
    }

    /** What every service gets: the stack's endpoints and the other services' URLs. */
    static Map<String, String> common(LocalStackConfig config) {
        var env = new TreeMap<String, String>();
        env.put("SPRING_PROFILES_ACTIVE", PROFILE);
        // the stack waits on /actuator/health/readiness, which Boot only exposes on Kubernetes unless asked
        env.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrapServers());
        env.put("MEDLEDGER_ISSUER_URI", config.issuerUri());
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", config.issuerUri());
        env.put("MEDLEDGER_KEYCLOAK_URL", config.keycloakUrl());
        env.put("MEDLEDGER_KEYCLOAK_REALM", LocalStackConfig.REALM);
        env.put("MEDLEDGER_S3_ENDPOINT", config.s3Endpoint());
        env.put("MEDLEDGER_S3_REGION", "us-east-1");
        env.put("MEDLEDGER_S3_PATH_STYLE", "true");
        env.put("MEDLEDGER_S3_ACCESS_KEY", config.s3AccessKey());
        env.put("MEDLEDGER_S3_SECRET_KEY", config.s3SecretKey());
        env.put("MEDLEDGER_S3_BUCKET_A", LocalStackConfig.BUCKETS.get(0));
        env.put("MEDLEDGER_S3_BUCKET_B", LocalStackConfig.BUCKETS.get(1));
        env.put("AWS_ACCESS_KEY_ID", config.s3AccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", config.s3SecretKey());
        env.put("AWS_REGION", "us-east-1");
        env.put("SPRING_MAIL_HOST", config.publicHost());
        env.put("SPRING_MAIL_PORT", String.valueOf(config.smtpPort()));
        env.put("MEDLEDGER_PUBLIC_URL", config.gatewayUrl());
        for (MedLedgerService other : MedLedgerService.values()) {
            env.put("MEDLEDGER_" + other.name() + "_URL", other.baseUrl(config));
        }
        return env;
    }

    /**
     * Writes {@code <dataDir>/env/<module>.env} for every service ({@code NAME=value} lines), so that a developer
     * running one service from an IDE against {@code --infra-only} can load the same settings.
     *
     * @return the directory written
     */
    public static Path writeEnvFiles(LocalStackConfig config) {
        Path dir = config.dataDir().resolve("env");
        try {
            Files.createDirectories(dir);
            for (MedLedgerService service : MedLedgerService.values()) {
                String lines = of(config, service).entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
                Files.writeString(dir.resolve(service.module() + ".env"), lines);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service environment files in " + dir, e);
        }
    }
}
