package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the repository's realm files: production stays clean, development gets its extras through the merge. */
class RealmImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = LocalStackConfig.findRepoRoot(Path.of(""));

    @TempDir
    Path importDir;

    @Test
    void theProductionRealmHasNoHumanUsersAndNoDevelopmentClient() throws Exception {
        JsonNode realm = JSON.readTree(REPO.resolve("keycloak/realm/medledger-realm.json").toFile());

        assertThat(clientIds(realm)).containsExactlyInAnyOrder("medledger-gateway", "medledger-mobile",
                "identity-service");
        assertThat(realm.path("users")).allSatisfy(user ->
                assertThat(user.path("serviceAccountClientId").asText()).isEqualTo("identity-service"));
        assertThat(realm.path("registrationAllowed").asBoolean()).isFalse();
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("users").get(0).path("clientRoles").path("realm-management"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("manage-users", "view-users", "query-users");
    }

    @Test
    void theDevelopmentImportAddsTheCliClientAndTheDemoUsers() throws Exception {
        List<Path> written = RealmImport.prepare(REPO, importDir);

        assertThat(written).extracting(path -> path.getFileName().toString())
                .containsExactly("medledger-realm.json", "medledger-users-0.json");
        JsonNode realm = JSON.readTree(importDir.resolve("medledger-realm.json").toFile());
        assertThat(clientIds(realm)).contains("medledger-gateway", "medledger-cli");
        assertThat(realm.path("passwordPolicy").asText()).contains("length(12)");

        DemoAccounts demo = DemoAccounts.read(REPO);
        assertThat(demo.accounts()).extracting(DemoAccounts.Account::username)
                .containsExactly("admin", "auditor", "doctor1", "doctor2", "patient1", "patient2");
        assertThat(demo.accounts()).allSatisfy(account -> {
            assertThat(account.email()).isEqualTo(account.username() + "@demo.medledger.test");
            assertThat(account.password()).isEqualTo("Demo-Pass-2026!");
            assertThat(account.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(account.roles()).hasSize(1);
        });
    }

    @Test
    void mergeAppendsArraysAndMergesObjects() throws Exception {
        var base = (ObjectNode) JSON.readTree(
                "{\"clients\":[{\"clientId\":\"a\"}],\"attributes\":{\"x\":\"1\"},\"enabled\":true}");
        RealmImport.merge(base, JSON.readTree(
                "{\"clients\":[{\"clientId\":\"b\"}],\"attributes\":{\"y\":\"2\"},\"enabled\":false}"));

        assertThat(clientIds(base)).containsExactly("a", "b");
        assertThat(base.path("attributes").path("x").asText()).isEqualTo("1");
        assertThat(base.path("attributes").path("y").asText()).isEqualTo("2");
        assertThat(base.path("enabled").asBoolean()).isFalse();
    }

    private static List<String> clientIds(JsonNode realm) {
        var ids = new ArrayList<String>();
        realm.path("clients").forEach(client -> ids.add(client.path("clientId").asText()));
        return ids;
    }
}
