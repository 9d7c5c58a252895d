package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Indexes;
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

    /** Services create their indexes at start-up while their sweeps already query the same collections. */
    @Test
    void queriesRunningWhileIndexesAreCreated_allSucceed() {
        LocalStackConfig config = TestPorts.infraConfig(dataDir);
        try (var mongo = MongoWireServer.start(config);
             var client = MongoClients.create(mongo.connectionString())) {
            var collection = client.getDatabase("booking").getCollection("slots");
            collection.insertOne(new Document("_id", "slot-1").append("doctorId", "d1"));
            for (int existing = 0; existing < 60; existing++) { // a long index list widens the race window
                collection.createIndex(Indexes.ascending("existing" + existing));
            }
            var indexing = new AtomicBoolean(true);
            List<CompletableFuture<Void>> readers = new ArrayList<>();
            for (int reader = 0; reader < 4; reader++) {
                readers.add(CompletableFuture.runAsync(() -> {
                    while (indexing.get()) {
                        assertThat(collection.find(new Document("doctorId", "d1")).first()).isNotNull();
                    }
                }));
            }
            try {
                for (int round = 0; round < 300; round++) {
                    String name = collection.createIndex(Indexes.ascending("field" + round));
                    collection.dropIndex(name);
                }
            } finally {
                indexing.set(false);
            }
            readers.forEach(CompletableFuture::join);
        }
    }
}
