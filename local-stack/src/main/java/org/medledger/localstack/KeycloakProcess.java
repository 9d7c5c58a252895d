package org.medledger.localstack;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak 26 ({@code kc.sh start-dev}) as a child process, with the MedLedger realm imported.
 *
 * <p>Keycloak is a Quarkus application with its own class path; it cannot share this JVM, so it runs beside it,
 * on this JVM's Java (Keycloak 26 needs 21+). What it keeps lives under our data directory, not in the shared
 * distribution: the dev H2 database ({@code keycloak/data/h2}), so that a second start reuses it and skips the
 * realm import of a realm that exists; the transaction log; and the import directory, written from the
 * repository's realm files by {@link RealmImport} at every start. So two stacks with different data directories
 * (a developer's and a system test's, on other ports) can share one distribution. Its output goes to
 * {@code logs/keycloak.log}.
 *
 * <p>Two deliberate deviations from the defaults: the management interface (health) moves from port 9000, which
 * is S3's, to {@link LocalStackConfig#keycloakManagementPort()}; and the import directory is set through the system
 * property behind {@code --import-realm} ({@code keycloak.migration.dir}), because {@code --import-realm} itself only
 * reads {@code data/import} inside the distribution, which is a shared build cache.
 */
public final class KeycloakProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeycloakProcess.class);
    /** Development default of the admin console account (SPEC: "admin console admin/admin"). */
    static final String DEV_ADMIN_USERNAME = "admin";
    static final String DEV_ADMIN_PASSWORD = "admin";

    private final ChildProcess process;
    private final String url;

    private KeycloakProcess(ChildProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts Keycloak and returns once the realm's discovery document answers, i.e. the realm is imported and
     * tokens can be issued.
     *
     * @throws IllegalStateException when Keycloak exits, or is not ready within
     *                               {@link LocalStackConfig#keycloakStartTimeout()}; the message ends with its log
     */
    public static KeycloakProcess start(LocalStackConfig config) {
        Path home = KeycloakHome.locate(config);
        Path kcSh = home.resolve("bin/kc.sh");
        ensureExecutable(kcSh);
        Path stateDir = config.dataDir().resolve("keycloak");
        Path importDir = stateDir.resolve("import");
        RealmImport.prepare(config.repoRoot(), importDir);
        KeycloakThemes.install(config.repoRoot(), home);

        List<String> command = List.of(kcSh.toString(), "start-dev",
                "-Dkeycloak.migration.dir=" + importDir,
                "-Dquarkus.transaction-manager.object-store.directory=" + stateDir.resolve("transaction-logs"),
                "--db=dev-file",
                "--db-url-path=" + stateDir,
                "--http-host=" + config.bindHost(),
                "--http-port=" + config.keycloakPort(),
                "--hostname=" + config.keycloakUrl(),
                "--health-enabled=true",
                "--http-management-port=" + config.keycloakManagementPort());
        var child = ChildProcess.start("Keycloak", command, environment(config), home,
                config.dataDir().resolve("logs").resolve("keycloak.log"));
        var keycloak = new KeycloakProcess(child, config.keycloakUrl());
        try {
            keycloak.awaitRealm(config.issuerUri(), config.keycloakStartTimeout());
            return keycloak;
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
    }

    /** {@code http://localhost:8180}. */
    public String url() {
        return url;
    }

    /** Where Keycloak's output goes. */
    public Path logFile() {
        return process.logFile();
    }

    /** Stops {@code kc.sh} and the JVM it started; Keycloak gets 30 s to close its database cleanly. */
    @Override
    public void close() {
        process.close();
    }

    /**
     * Keycloak's environment (added to the inherited one): this JVM as its Java, with the options of
     * {@link JvmOptions#keycloak()}; the development bootstrap admin; and the values that the realm file's
     * placeholders ({@code ${MEDLEDGER_PUBLIC_URL:...}}) resolve to, so that a moved port moves the redirect URIs
     * and the realm's SMTP server with it. The client secrets keep their development defaults.
     */
    static Map<String, String> environment(LocalStackConfig config) {
        var env = new HashMap<String, String>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_APPEND", String.join(" ", JvmOptions.keycloak()));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", DEV_ADMIN_USERNAME);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", DEV_ADMIN_PASSWORD);
        env.put("MEDLEDGER_PUBLIC_URL", config.gatewayUrl());
        env.put("MEDLEDGER_SMTP_HOST", config.publicHost());
        env.put("MEDLEDGER_SMTP_PORT", String.valueOf(config.smtpPort()));
        return env;
    }

    private void awaitRealm(String issuerUri, Duration timeout) {
        var discovery = URI.create(issuerUri + "/.well-known/openid-configuration");
        var probe = new HttpProbe();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (!probe.isReady(discovery, HttpProbe::ok)) {
            process.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak did not serve " + discovery + " within "
                        + timeout.toSeconds() + " s; its log is " + process.logFile() + System.lineSeparator()
                        + process.logTail(25));
            }
            HttpProbe.pause(Duration.ofMillis(500), "Keycloak");
        }
        log.debug("Keycloak ready after {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Maven's unpack keeps the zip's permission bits, but a copied or hand-unpacked tree may have lost them. */
    private static void ensureExecutable(Path script) {
        File file = script.toFile();
        if (!Files.isExecutable(script) && !file.setExecutable(true)) {
            throw new IllegalStateException(script + " is not executable and cannot be made so");
        }
    }
}
