package org.medledger.identity;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Reads the identity topic from its beginning, as a subscriber would, and waits for the events a test expects. */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final List<CloudEvent> seen = new ArrayList<>();

    public TopicProbe(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> config = KafkaTestUtils.consumerProps(broker, "probe-" + UUID.randomUUID(), false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new CloudEventDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until at least {@code count} events match; returns every matching event seen so far. */
    public List<CloudEvent> await(Predicate<CloudEvent> matching, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInSameThread().pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.value()));
                    return matching(matching).size() >= count;
                });
        return matching(matching);
    }

    /** Keeps polling for {@code duration}; returns every matching event seen. */
    public List<CloudEvent> drain(Predicate<CloudEvent> matching, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.value()));
        }
        return matching(matching);
    }

    /** Events of {@code type} about {@code subject}. */
    public static Predicate<CloudEvent> event(String type, String subject) {
        return event -> type.equals(event.getType()) && subject.equals(event.getSubject());
    }

    private List<CloudEvent> matching(Predicate<CloudEvent> matching) {
        return seen.stream().filter(matching).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
