package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackConfigTest {

    @TempDir
    Path tempDir;

    @Test
    void defaultsAreTheEndpointsOfTheSpec() throws Exception {
        Path repo = fakeRepo();
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(), repo.resolve("local-stack"));

        assertThat(config.repoRoot()).isEqualTo(repo);
        assertThat(config.dataDir()).isEqualTo(repo.resolve(".medledger-data"));
        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.gatewayUrl()).isEqualTo("http://localhost:8080");
        assertThat(config.issuerUri()).isEqualTo("http://localhost:8180/realms/medledger");
        assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.kafkaControllerPort()).isEqualTo(9093);
        assertThat(config.s3Endpoint()).isEqualTo("http://localhost:9000");
        assertThat(config.mongoUri("booking")).isEqualTo("mongodb://localhost:27017/booking");
        assertThat(config.smtpPort()).isEqualTo(3025);
        assertThat(config.imapPort()).isEqualTo(3143);
        assertThat(config.keycloakManagementPort()).isNotEqualTo(config.s3Port());
        assertThat(config.s3AccessKey()).isEqualTo("medledger");
        assertThat(config.s3SecretKey()).isEqualTo("medledger-secret");
        assertThat(config.keycloakEnabled()).isTrue();
        assertThat(config.servicesStartTimeout()).isEqualTo(Duration.ofMinutes(4));
        assertThat(config.servicePorts()).extracting(LocalStackConfig.PortUse::port)
                .containsExactly(8080, 8081, 8082, 8083, 8084);
    }

    @Test
    void everyValueCanBeOverriddenByTheEnvironment() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(
                "MEDLEDGER_REPO_ROOT", tempDir.toString(),
                "MEDLEDGER_DATA_DIR", tempDir.resolve("data").toString(),
                "MEDLEDGER_KAFKA_PORT", "19092",
                "MEDLEDGER_GATEWAY_PORT", "18080",
                "MEDLEDGER_KEYCLOAK_ENABLED", "false",
                "MEDLEDGER_SERVICES_START_TIMEOUT", "90"), Path.of("/"));

        assertThat(config.dataDir()).isEqualTo(tempDir.resolve("data"));
        assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:19092");
        assertThat(config.gatewayUrl()).isEqualTo("http://localhost:18080");
        assertThat(config.keycloakEnabled()).isFalse();
        assertThat(config.stackPorts()).extracting(LocalStackConfig.PortUse::owner).doesNotContain("Keycloak");
        assertThat(config.servicesStartTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aMalformedValueIsReportedInOneLineNamingTheVariable() {
        assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(Map.of("MEDLEDGER_S3_PORT", "nine"), tempDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MEDLEDGER_S3_PORT must be a port number (1-65535), not 'nine'");
    }

    private Path fakeRepo() throws Exception {
        Path repo = tempDir.resolve("repo");
        Files.createDirectories(repo.resolve("keycloak/realm"));
        Files.createDirectories(repo.resolve("local-stack"));
        Files.writeString(repo.resolve("keycloak/realm/medledger-realm.json"), "{}");
        return repo;
    }
}
