package org.medledger.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions fixed by the build (filtered into {@code local-stack.properties}), so that the launcher looks for the
 * Keycloak that the build unpacked and the service jars of this very version, never a stale copy.
 */
final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    static String keycloakVersion() {
        return get("keycloak.version");
    }

    static String projectVersion() {
        return get("project.version");
    }

    private static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.startsWith("@")) {
            throw new IllegalStateException("local-stack.properties lacks " + key + ": rebuild local-stack with Maven");
        }
        return value;
    }

    private static Properties load() {
        var properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/local-stack.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
