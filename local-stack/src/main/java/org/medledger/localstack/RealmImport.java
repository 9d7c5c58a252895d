package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Prepares the directory that Keycloak imports at start-up from the repository's realm files.
 *
 * <p>The repository keeps one source of truth per realm: {@code keycloak/realm/<realm>-realm.json} is what
 * production imports (no users, no development client). What only development gets lives in {@code keycloak/dev/}:
 * <ul>
 *   <li>{@code <realm>-realm-dev.json}, a partial realm merged into the production file: objects are merged key by
 *   key, arrays are appended (this is how the dev-only client joins the realm's {@code clients}). Keycloak cannot
 *   import a client from a separate file, hence the merge.</li>
 *   <li>{@code <realm>-users-N.json}, demo users in Keycloak's own users-file format, copied as they are.</li>
 * </ul>
 * Placeholders such as {@code ${MEDLEDGER_GATEWAY_CLIENT_SECRET:dev-only-gateway-secret}} are left alone: Keycloak
 * resolves them from its environment while importing.
 */
final class RealmImport {

    static final String REALM_DIR = "keycloak/realm";
    static final String DEV_DIR = "keycloak/dev";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RealmImport() {
    }

    /**
     * Writes the development import of every realm under {@code keycloak/realm} into {@code importDir}, replacing
     * what a previous start left there.
     *
     * @return the files written
     */
    static List<Path> prepare(Path repoRoot, Path importDir) {
        Path realmDir = repoRoot.resolve(REALM_DIR);
        Path devDir = repoRoot.resolve(DEV_DIR);
        if (!Files.isDirectory(realmDir)) {
            throw new IllegalStateException("no realm files in " + realmDir + ": start the stack from the MedLedger "
                    + "checkout or set " + LocalStackConfig.ENV_REPO_ROOT);
        }
        try {
            recreate(importDir);
            var written = new ArrayList<Path>();
            for (Path realmFile : list(realmDir, "-realm.json")) {
                String realm = realmFile.getFileName().toString().replace("-realm.json", "");
                JsonNode merged = JSON.readTree(realmFile.toFile());
                Path overlay = devDir.resolve(realm + "-realm-dev.json");
                if (Files.isRegularFile(overlay)) {
                    merged = merge((ObjectNode) merged, JSON.readTree(overlay.toFile()));
                }
                Path target = importDir.resolve(realm + "-realm.json");
                JSON.writeValue(target.toFile(), merged);
                written.add(target);
            }
            if (Files.isDirectory(devDir)) {
                for (Path users : list(devDir, ".json")) {
                    if (users.getFileName().toString().matches(".+-users-\\d+\\.json")) {
                        Path target = importDir.resolve(users.getFileName());
                        Files.copy(users, target, StandardCopyOption.REPLACE_EXISTING);
                        written.add(target);
                    }
                }
            }
            return List.copyOf(written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the realm import in " + importDir, e);
        }
    }

    /** Merges {@code overlay} into {@code base}: objects key by key, arrays appended, anything else replaced. */
    static ObjectNode merge(ObjectNode base, JsonNode overlay) {
        overlay.properties().forEach(entry -> {
            JsonNode existing = base.get(entry.getKey());
            JsonNode addition = entry.getValue();
            if (existing instanceof ObjectNode object && addition.isObject()) {
                merge(object, addition);
            } else if (existing instanceof ArrayNode array && addition.isArray()) {
                array.addAll((ArrayNode) addition);
            } else {
                base.set(entry.getKey(), addition.deepCopy());
            }
        });
        return base;
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void recreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path stale : list(dir, ".json")) {
            Files.delete(stale);
        }
    }
}
