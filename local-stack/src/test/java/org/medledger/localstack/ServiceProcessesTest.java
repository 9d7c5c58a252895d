package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessesTest {

    @TempDir
    Path repo;

    @Test
    void aMissingJarIsReportedInOneLineThatSaysToBuild() {
        assertThatThrownBy(() -> ServiceProcesses.requireJars(repo))
                .hasMessage("identity-service/target/identity-service-0.1.0-SNAPSHOT.jar is missing: build the "
                        + "services first (mvn -DskipTests package)");
    }

    @Test
    void eachServiceIsPointedAtTheStackAndItsOwnDatabase() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of("MEDLEDGER_DATA_DIR", "/data"), repo);

        Map<String, String> booking = ServiceEnvironment.of(config, MedLedgerService.BOOKING);
        assertThat(booking).containsEntry("SERVER_PORT", "8082").containsEntry("SERVER_ADDRESS", "127.0.0.1")
                .containsEntry("SPRING_MONGODB_URI", "mongodb://localhost:27017/booking")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
                .containsEntry("MEDLEDGER_ISSUER_URI", "http://localhost:8180/realms/medledger")
                .containsEntry("MEDLEDGER_S3_ENDPOINT", "http://localhost:9000")
                .containsEntry("MEDLEDGER_DATA_DIR", Path.of("/data/booking-service").toString())
                .containsEntry("MEDLEDGER_IDENTITY_URL", "http://localhost:8081")
                .doesNotContainKeys("MEDLEDGER_IDENTITY_CLIENT_SECRET", "MEDLEDGER_GATEWAY_CLIENT_SECRET");

        assertThat(ServiceEnvironment.of(config, MedLedgerService.GATEWAY))
                .doesNotContainKey("SPRING_MONGODB_URI")
                .containsEntry("MEDLEDGER_GATEWAY_CLIENT_ID", "medledger-gateway");
        assertThat(ServiceEnvironment.of(config, MedLedgerService.IDENTITY))
                .containsEntry("MEDLEDGER_IDENTITY_CLIENT_ID", "identity-service");
    }
}
