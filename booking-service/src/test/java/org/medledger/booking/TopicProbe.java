package org.medledger.booking;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Reads a topic from its beginning, as an outside subscriber would, and waits for the records a test expects. */
public final class TopicProbe<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    private TopicProbe(String bootstrapServers, String topic, Deserializer<V> values) {
        Map<String, Object> config = KafkaTestUtils.consumerProps(bootstrapServers, "probe-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** CloudEvents as MedLedger publishes them. */
    public static TopicProbe<CloudEvent> cloudEvents(EmbeddedKafkaBroker broker, String topic) {
        return cloudEvents(broker.getBrokersAsString(), topic);
    }

    /** CloudEvents as MedLedger publishes them, from any broker. */
    public static TopicProbe<CloudEvent> cloudEvents(String bootstrapServers, String topic) {
        return new TopicProbe<>(bootstrapServers, topic, new CloudEventDeserializer());
    }

    /** Raw records, e.g. of a dead-letter topic. */
    public static TopicProbe<byte[]> raw(EmbeddedKafkaBroker broker, String topic) {
        return new TopicProbe<>(broker.getBrokersAsString(), topic, new ByteArrayDeserializer());
    }

    /** Waits until at least {@code count} records match; returns all matching records seen so far. */
    public List<ConsumerRecord<String, V>> await(Predicate<ConsumerRecord<String, V>> matching, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                    return matching(matching).size() >= count;
                });
        return matching(matching);
    }

    /** Polls once more for {@code duration}; returns all matching records seen so far. */
    public List<ConsumerRecord<String, V>> drain(Predicate<ConsumerRecord<String, V>> matching, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return matching(matching);
    }

    private List<ConsumerRecord<String, V>> matching(Predicate<ConsumerRecord<String, V>> matching) {
        return seen.stream().filter(matching).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
