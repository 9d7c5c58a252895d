package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo accounts, read from the development users files in {@code keycloak/dev/} so that the console banner can
 * never disagree with what Keycloak imported.
 */
record DemoAccounts(List<Account> accounts) {

    /** One demo user: what a developer types to log in, and what they will be allowed to do. */
    record Account(String id, String username, String email, String password, List<String> roles) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The accounts of every {@code *-users-N.json} under {@code keycloak/dev}; none when there is no such folder. */
    static DemoAccounts read(Path repoRoot) {
        Path devDir = repoRoot.resolve(RealmImport.DEV_DIR);
        if (!Files.isDirectory(devDir)) {
            return new DemoAccounts(List.of());
        }
        var accounts = new ArrayList<Account>();
        try (Stream<Path> files = Files.list(devDir)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().matches(".+-users-\\d+\\.json")) {
                    JSON.readTree(file.toFile()).path("users").forEach(user -> accounts.add(account(user)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo users in " + devDir, e);
        }
        return new DemoAccounts(List.copyOf(accounts));
    }

    private static Account account(JsonNode user) {
        String password = "";
        for (JsonNode credential : user.path("credentials")) {
            if ("password".equals(credential.path("type").asText())) {
                password = credential.path("value").asText();
            }
        }
        var roles = new ArrayList<String>();
        user.path("realmRoles").forEach(role -> {
            if (!role.asText().startsWith("default-roles-")) {
                roles.add(role.asText());
            }
        });
        return new Account(user.path("id").asText(), user.path("username").asText(), user.path("email").asText(),
                password, List.copyOf(roles));
    }
}
