package org.medledger.support.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.medledger.support.test.Jwts;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
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
    @Autowired ApplicationContext context;

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

    /**
     * While the broker is away, {@code KafkaTemplate.send} blocks its caller for up to {@code max.block.ms} (60 s)
     * waiting for metadata. The relay must not make that caller the MongoDB driver's event loop, which every other
     * database call of the service shares: a booking's reads stalled behind it.
     */
    @Test
    void outbox_sendBlockingWhileTheBrokerIsAway_neverRunsOnTheDatabaseDriversThread() {
        List<String> sendingThreads = new CopyOnWriteArrayList<>();
        KafkaTemplate<String, CloudEvent> blockingSend = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())) {
            @Override
            public CompletableFuture<SendResult<String, CloudEvent>> send(String topic, String key, CloudEvent data) {
                sendingThreads.add(Thread.currentThread().getName());
                return CompletableFuture.completedFuture(null);
            }
        };
        OutboxRelay relay = new OutboxRelay(mongo, blockingSend, codec, new EventsProperties(List.of("blocking_widgets"),
                Duration.ofSeconds(1), Duration.ofMillis(50), 2, Duration.ofDays(1)));
        mongo.save(new Widget("w-blocked", new ArrayList<>(List.of(codec.prepare(new AppointmentCompleted("a-9", "d-9",
                "p-9"))))), "blocking_widgets").block();

        assertThat(relay.relayPending().block()).isEqualTo(1L);

        assertThat(sendingThreads).singleElement().asString().startsWith("boundedElastic-");
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
    void outbox_eventCarriesTheTraceOfTheRequestThatWroteIt_andItsConsumerRunsInThatTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String requestSpan = "00f067aa0ba902b7";
        WebTestClient client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
        String eventId = client.mutateWith(Jwts.user("admin-1", "admin")).post().uri("/widgets/w-traced/rejections")
                .header("traceparent", "00-" + traceId + "-" + requestSpan + "-01")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(broker, "trace-check", true), new StringDeserializer(), new ByteArrayDeserializer())
                .createConsumer()) {
            broker.consumeFromAnEmbeddedTopic(consumer, Topics.IDENTITY);
            List<ConsumerRecord<String, byte[]>> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200)).forEach(record -> {
                    if (eventId.equals(header(record, "ce_id"))) {
                        published.add(record);
                    }
                });
                return !published.isEmpty();
            });
            // same trace, a later span (the relay's producer span), sampled as the request was
            assertThat(header(published.getFirst(), "traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                    .doesNotContain(requestSpan);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.traceIds.containsKey(eventId));
        assertThat(listener.traceIds.get(eventId)).isEqualTo(traceId);
    }

    @Test
    void outbox_eventWrittenOutsideAnyTrace_isPublishedWithAFreshTrace() {
        OutgoingEvent untraced = new OutgoingEvent("untraced-1", "org.medledger.identity.doctor-rejected.v1", Topics.IDENTITY,
                "d-11", Instant.now(), "{\"doctorId\":\"d-11\",\"reason\":\"incomplete\",\"rejectedBy\":\"admin-1\"}");
        mongo.save(new Widget("w-untraced", new ArrayList<>(List.of(untraced))), "widgets").block();
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.traceIds.containsKey("untraced-1"));
        assertThat(listener.traceIds.get("untraced-1")).matches("[0-9a-f]{32}");
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
        /** The trace each event was consumed in, by event id. */
        final Map<String, String> traceIds = new ConcurrentHashMap<>();
        private final EventCodec codec;
        private final Tracer tracer;

        Listener(EventCodec codec, Tracer tracer) {
            this.codec = codec;
            this.tracer = tracer;
        }

        @KafkaListener(topics = Topics.IDENTITY, containerFactory = EventsAutoConfiguration.LISTENER_FACTORY)
        void on(CloudEvent event) {
            codec.decode(event);
            received.add(event.getId());
            Span current = tracer.currentSpan();
            traceIds.put(event.getId(), current == null ? "none" : current.context().traceId());
        }
    }

    /** Stands in for a service endpoint that changes an aggregate and writes an event in its outbox. */
    @RestController
    static class WidgetController {
        private final ReactiveMongoTemplate mongo;
        private final EventCodec codec;

        WidgetController(ReactiveMongoTemplate mongo, EventCodec codec) {
            this.mongo = mongo;
            this.codec = codec;
        }

        @PostMapping("/widgets/{id}/rejections")
        Mono<String> reject(@PathVariable String id) {
            // prepared after a Mongo round trip, on a driver thread, as services do
            return mongo.findById(id, Widget.class, "widgets")
                    .defaultIfEmpty(new Widget(id, List.of()))
                    .map(widget -> {
                        List<OutgoingEvent> outbox = new ArrayList<>(widget.outbox());
                        outbox.add(codec.prepare(new DoctorRejected(id, "incomplete", "admin-1")));
                        return new Widget(id, outbox);
                    })
                    .flatMap(widget -> mongo.save(widget, "widgets"))
                    .map(saved -> saved.outbox().getLast().id());
        }
    }

    @SpringBootApplication
    static class TestApplication {
        @org.springframework.context.annotation.Bean
        Listener listener(EventCodec codec, Tracer tracer) {
            return new Listener(codec, tracer);
        }

        @org.springframework.context.annotation.Bean
        WidgetController widgetController(ReactiveMongoTemplate mongo, EventCodec codec) {
            return new WidgetController(mongo, codec);
        }
    }
}
