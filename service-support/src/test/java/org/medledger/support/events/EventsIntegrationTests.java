package org.medledger.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.Topics;
import org.medledger.events.booking.AppointmentCompleted;
import org.medledger.events.identity.DoctorRejected;
import org.medledger.support.test.InMemoryMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/** The outbox relay and the consumer error handling against a real (embedded) broker and a Mongo wire server. */
@SpringBootTest(classes = EventsIntegrationTests.TestApplication.class, properties = {
        "spring.application.name=support-test", "spring.kafka.consumer.group-id=support-test",
        "medledger.events.outbox-collections=widgets", "medledger.events.outbox-poll-interval=100ms",
        "medledger.events.consumer-retry-initial-interval=50ms", "medledger.events.consumer-retry-max-attempts=2",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://localhost:1/realms/test"})
@ContextConfiguration(initializers = InMemoryMongo.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        topics = {Topics.BOOKING, Topics.IDENTITY, "medledger.identity.v1.dlt"})
@DirtiesContext
class EventsIntegrationTests {

    @Autowired ReactiveMongoTemplate mongo;
    @Autowired EventCodec codec;
    @Autowired EmbeddedKafkaBroker broker;
    @Autowired KafkaTemplate<String, CloudEvent> kafka;
    @Autowired ProcessedEvents processedEvents;
    @Autowired Listener listener;

    @Test
    void outbox_pendingEventsArePublishedInOrderAndRemoved() {
        OutgoingEvent first = codec.prepare(new AppointmentCompleted("a-1", "d-1", "p-1"));
        OutgoingEvent second = codec.prepare(new AppointmentCompleted("a-1", "d-1", "p-1"));
        mongo.save(new Widget("w-1", new ArrayList<>(List.of(first, second))), "widgets").block();

        try (Consumer<String, CloudEvent> consumer = cloudEventConsumer("outbox-check")) {
            broker.consumeFromAnEmbeddedTopic(consumer, Topics.BOOKING);
            List<String> ids = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200)).forEach(r -> ids.add(r.value().getId()));
                return ids.size() >= 2;
            });
            assertThat(ids).containsExactly(first.id(), second.id());
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                mongo.findById("w-1", Widget.class, "widgets").block().outbox().isEmpty());
    }

    @Test
    void consumer_malformedRecordIsParkedOnDeadLetterTopicWithScrubbedHeaders_andNextRecordIsProcessed() {
        // a record with CloudEvent headers whose data lacks required fields and quotes a secret
        kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.IDENTITY, null, "d-9",
                codec.toCloudEvent(new OutgoingEvent("bad-1", "org.medledger.identity.doctor-rejected.v1", Topics.IDENTITY,
                        "d-9", Instant.now(), "{\"doctorId\":\"d-9\",\"reason\":\"code 123456\"}"), Map.of())));
        OutgoingEvent good = codec.prepare(new DoctorRejected("d-10", "incomplete", "admin-1"));
        kafka.send(Topics.IDENTITY, good.subject(), codec.toCloudEvent(good, Map.of()));

        await().atMost(Duration.ofSeconds(20)).until(() -> listener.received.contains(good.id()));
        try (Consumer<String, byte[]> dlt = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "dlt-check", true), new StringDeserializer(), new ByteArrayDeserializer())
                .createConsumer()) {
            broker.consumeFromAnEmbeddedTopic(dlt, "medledger.identity.v1.dlt");
            ConsumerRecord<String, byte[]> parked = KafkaTestUtils.getSingleRecord(dlt, "medledger.identity.v1.dlt", Duration.ofSeconds(20));
            assertThat(new String(parked.headers().lastHeader("medledger-dlt-reason").value(), StandardCharsets.UTF_8))
                    .contains("lacks required field").doesNotContain("123456");
            assertThat(parked.headers().lastHeader("kafka_dlt-exception-message")).isNull();
            assertThat(parked.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
        }
    }

    @Test
    void processedEvents_secondDeliveryOfAnEventIdDoesNoWork() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(processedEvents.once("c", "e-1", () -> reactor.core.publisher.Mono.fromRunnable(runs::incrementAndGet)).block()).isTrue();
        assertThat(processedEvents.once("c", "e-1", () -> reactor.core.publisher.Mono.fromRunnable(runs::incrementAndGet)).block()).isFalse();
        assertThat(runs).hasValue(1);
    }

    private Consumer<String, CloudEvent> cloudEventConsumer(String group) {
        return new DefaultKafkaConsumerFactory<>(KafkaTestUtils.consumerProps(broker, group, true),
                new StringDeserializer(), new CloudEventDeserializer()).createConsumer();
    }

    record Widget(@Id String id, List<OutgoingEvent> outbox) {
    }

    static class Listener {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final EventCodec codec;

        Listener(EventCodec codec) {
            this.codec = codec;
        }

        @KafkaListener(topics = Topics.IDENTITY, containerFactory = EventsAutoConfiguration.LISTENER_FACTORY)
        void on(CloudEvent event) {
            codec.decode(event);
            received.add(event.getId());
        }
    }

    @SpringBootApplication
    static class TestApplication {
        @org.springframework.context.annotation.Bean
        Listener listener(EventCodec codec) {
            return new Listener(codec);
        }
    }
}
