package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the repository's Keycloak themes ({@code keycloak/themes/<name>}) into the Keycloak distribution's
 * {@code themes} folder at every start, replacing older copies, so an edited theme shows on the next page load
 * ({@code start-dev} does not cache themes). Production bakes the same folder into its image (keycloak/Dockerfile).
 */
final class KeycloakThemes {

    static final String THEMES_DIR = "keycloak/themes";

    private KeycloakThemes() {
    }

    /** @return the names of the themes installed */
    static List<String> install(Path repoRoot, Path keycloakHome) {
        Path source = repoRoot.resolve(THEMES_DIR);
        if (!Files.isDirectory(source)) {
            return List.of();
        }
        try (Stream<Path> themes = Files.list(source)) {
            List<Path> folders = themes.filter(Files::isDirectory).sorted().toList();
            for (Path theme : folders) {
                Path target = keycloakHome.resolve("themes").resolve(theme.getFileName().toString());
                deleteTree(target);
                copyTree(theme, target);
            }
            return folders.stream().map(folder -> folder.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the Keycloak themes of " + source, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
