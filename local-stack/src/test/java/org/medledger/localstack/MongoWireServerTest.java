package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoWireServerTest {

    @TempDir
    Path dataDir;

    @Test
    void documentsSurviveARestartOnTheSameDataDirectory() {
        LocalStackConfig config = TestPorts.infraConfig(dataDir);

        try (var mongo = MongoWireServer.start(config);
             var client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("booking").getCollection("appointments")
                    .insertOne(new Document("_id", "appointment-1").append("status", "BOOKED"));
        }

        try (var mongo = MongoWireServer.start(config);
             var client = MongoClients.create(mongo.connectionString())) {
            Document found = client.getDatabase("booking").getCollection("appointments")
                    .find(new Document("_id", "appointment-1")).first();
            assertThat(found).isNotNull();
            assertThat(found.getString("status")).isEqualTo("BOOKED");
        }
    }
}
