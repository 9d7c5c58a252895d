package org.medledger.localstack;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The five MedLedger services as the local stack runs them: module, port and own MongoDB database.
 *
 * <p>Declared in start order; {@link ServiceProcesses} stops them in reverse, gateway first, so that no request
 * enters while the services behind it are going away.
 */
public enum MedLedgerService {
    IDENTITY("identity-service", "identity", LocalStackConfig::identityPort),
    BOOKING("booking-service", "booking", LocalStackConfig::bookingPort),
    REPORT_CHAIN("report-chain-service", "report-chain", LocalStackConfig::reportChainPort),
    NOTIFICATION("notification-service", "notification", LocalStackConfig::notificationPort),
    GATEWAY("gateway", null, LocalStackConfig::gatewayPort);

    private final String module;
    private final String database;
    private final ToIntFunction<LocalStackConfig> port;

    MedLedgerService(String module, String database, ToIntFunction<LocalStackConfig> port) {
        this.module = module;
        this.database = database;
        this.port = port;
    }

    /** The Maven module, which is also the artifactId of the jar. */
    public String module() {
        return module;
    }

    /** The service's own database; empty for the gateway, which has none. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    public int port(LocalStackConfig config) {
        return port.applyAsInt(config);
    }

    /** {@code <module>/target/<module>-<version>.jar}, what {@code mvn package} builds. */
    public Path jar(Path repoRoot) {
        return repoRoot.resolve(module).resolve("target")
                .resolve(module + "-" + BuildInfo.projectVersion() + ".jar");
    }

    public String baseUrl(LocalStackConfig config) {
        return "http://" + config.publicHost() + ":" + port(config);
    }
}
