package org.medledger.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Keycloak distribution that the build unpacked.
 *
 * <p>local-stack's pom unpacks {@code org.keycloak:keycloak-quarkus-dist} into {@code .cache/keycloak-<version>} at
 * the repository root (outside {@code target/}, so that {@code mvn clean} does not cost another 165 MB unpack).
 * In order, the first that is set wins: the system property {@value #PROPERTY}, the environment variable
 * {@value LocalStackConfig#ENV_KEYCLOAK_HOME} (through {@link LocalStackConfig#keycloakHome()}), then
 * {@code .cache/keycloak-<version>} in the repository root or any parent of the working directory.
 */
public final class KeycloakHome {

    /** System property naming the Keycloak home, for IDE run configurations. */
    public static final String PROPERTY = "medledger.keycloak.home";

    private KeycloakHome() {
    }

    /**
     * The Keycloak home to use.
     *
     * @throws IllegalStateException with a one-line message saying how to get one
     */
    public static Path locate(LocalStackConfig config) {
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return requireDistribution(Path.of(fromProperty), "system property " + PROPERTY);
        }
        if (config.keycloakHome() != null) {
            return requireDistribution(config.keycloakHome(), LocalStackConfig.ENV_KEYCLOAK_HOME);
        }
        String folder = ".cache/keycloak-" + BuildInfo.keycloakVersion();
        return search(config.repoRoot(), folder)
                .or(() -> search(Path.of("").toAbsolutePath(), folder))
                .orElseThrow(() -> new IllegalStateException("Keycloak " + BuildInfo.keycloakVersion()
                        + " is not unpacked in " + config.repoRoot().resolve(folder)
                        + ": build first (mvn -DskipTests package) or set " + LocalStackConfig.ENV_KEYCLOAK_HOME));
    }

    private static Optional<Path> search(Path start, String folder) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(folder);
            if (isDistribution(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path requireDistribution(Path home, String source) {
        if (!isDistribution(home)) {
            throw new IllegalStateException(source + " points at " + home + ", which has no bin/kc.sh");
        }
        return home.toAbsolutePath().normalize();
    }

    private static boolean isDistribution(Path home) {
        return Files.isRegularFile(home.resolve("bin/kc.sh")) && Files.isDirectory(home.resolve("lib"));
    }
}
