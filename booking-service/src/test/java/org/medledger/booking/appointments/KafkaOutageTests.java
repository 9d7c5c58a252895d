package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.medledger.booking.BookingApi;
import org.medledger.booking.EventSender;
import org.medledger.booking.TestUsers;
import org.medledger.booking.TopicProbe;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.Topics;
import org.medledger.events.booking.AppointmentBooked;
import org.medledger.localstack.KafkaBroker;
import org.medledger.localstack.LocalStackConfig;
import org.medledger.support.events.ProcessedEvents;
import org.medledger.support.test.InMemoryMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.test.util.TestSocketUtils;
import reactor.core.publisher.Mono;

/**
 * Kafka unavailable during a booking, for real: booking-service's own producer and outbox relay talk to a KRaft
 * broker (local-stack's, which keeps its port and log directory across a restart) that this test stops while a
 * patient books and starts again afterwards. The shared context's embedded broker cannot come back on the same
 * address, so this class has its own context (and broker): the context is closed when the class is done, and the
 * broker after it ({@link CloseBrokerAfterContext} is declared before {@code @SpringBootTest}, so its after-all
 * callback runs after Spring's), so no client of the context waits for a broker that is gone.
 */
@ExtendWith(KafkaOutageTests.CloseBrokerAfterContext.class)
@SpringBootTest(properties = {
        "server.shutdown=immediate",
        "medledger.events.outbox-poll-interval=200ms",
        "medledger.booking.reconcile-interval=1h",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/test",
        // the clients' reconnect attempts while the broker is away are expected
        "logging.level.kafka=WARN", "logging.level.org.apache.kafka=ERROR", "logging.level.state.change.logger=WARN",
        "logging.level.org.springframework.kafka=ERROR", "logging.level.org.mongodb.driver=WARN",
        "logging.level.de.bwaldvogel.mongo=WARN", "logging.level.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=OFF"})
@ContextConfiguration(initializers = InMemoryMongo.class)
@DirtiesContext
class KafkaOutageTests {

    private static Path dataDir;
    private static LocalStackConfig brokerConfig;
    private static KafkaBroker broker;

    @Autowired
    ApplicationContext context;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    ProcessedEvents processedEvents;
    @Autowired
    EventCodec codec;
    @Autowired
    @Qualifier("cloudEventKafkaTemplate")
    KafkaTemplate<String, CloudEvent> kafka;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("booking-kafka-outage");
        int kafkaPort = TestSocketUtils.findAvailableTcpPort();
        int controllerPort = TestSocketUtils.findAvailableTcpPort();
        while (controllerPort == kafkaPort) {
            controllerPort = TestSocketUtils.findAvailableTcpPort();
        }
        brokerConfig = LocalStackConfig.fromEnvironment(Map.of(
                LocalStackConfig.ENV_DATA_DIR, dataDir.toString(),
                LocalStackConfig.ENV_PUBLIC_HOST, "127.0.0.1",
                LocalStackConfig.ENV_KAFKA_PORT, String.valueOf(kafkaPort),
                LocalStackConfig.ENV_KAFKA_CONTROLLER_PORT, String.valueOf(controllerPort),
                LocalStackConfig.ENV_KEYCLOAK_ENABLED, "false"), dataDir);
        broker = KafkaBroker.start(brokerConfig);
        registry.add("spring.kafka.bootstrap-servers", brokerConfig::kafkaBootstrapServers);
    }

    static final class CloseBrokerAfterContext implements AfterAllCallback {

        @Override
        public void afterAll(ExtensionContext extension) throws IOException {
            if (broker != null) {
                broker.close();
            }
            if (dataDir != null) {
                FileSystemUtils.deleteRecursively(dataDir);
            }
        }
    }

    @Test
    void outbox_kafkaStoppedWhileBooking_bookingIs201AndItsEventIsAppliedOnceAfterKafkaReturns() {
        BookingApi api = new BookingApi(context);
        TestUsers doctor = TestUsers.doctor();
        TestUsers patient = TestUsers.patient();
        // the service's producer is connected and knows the topic before the outage
        awaitOutboxEmpty(api.book(patient, api.publishSlot(doctor)));

        broker.close();
        String appointmentId = api.book(patient, api.publishSlot(doctor)); // asserts 201
        // the relay keeps trying; the event waits in the appointment's outbox
        OutgoingEvent pending = await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> outbox(appointmentId), outbox -> outbox.size() == 1)
                .getFirst();

        broker = KafkaBroker.start(brokerConfig);
        awaitOutboxEmpty(appointmentId);

        try (var consumer = new DeduplicatingConsumer(appointmentId)) {
            consumer.consumeUntilDelivered(1);
            assertThat(consumer.applied).containsExactly(pending.id());
            // a crash between Kafka's ack and the outbox update would publish the event again, with the same id
            new EventSender(codec, kafka).send(pending);
            consumer.consumeUntilDelivered(2);
            consumer.consumeFor(Duration.ofSeconds(1));

            assertThat(consumer.delivered).hasSize(2).allSatisfy(record -> {
                assertThat(record.value().getId()).isEqualTo(pending.id());
                assertThat(codec.decodeData(record.value(), AppointmentBooked.class).appointmentId()).isEqualTo(appointmentId);
            });
            assertThat(consumer.applied).containsExactly(pending.id());
        }
    }

    private List<OutgoingEvent> outbox(String appointmentId) {
        return mongo.findById(appointmentId, Appointment.class).block().outbox();
    }

    private void awaitOutboxEmpty(String appointmentId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> outbox(appointmentId).isEmpty());
    }

    /**
     * A subscriber of the booking topic as the issue describes one: it applies an event only if no event with the
     * same CloudEvent id was applied before ({@link ProcessedEvents}, as booking's own consumers do), and keeps
     * every raw delivery, to tell redelivery from application. Looks at one appointment's records only.
     */
    private final class DeduplicatingConsumer implements AutoCloseable {

        private final TopicProbe<CloudEvent> probe = TopicProbe.cloudEvents(brokerConfig.kafkaBootstrapServers(), Topics.BOOKING);
        private final String name = "outage-test-" + UUID.randomUUID();
        private final String key;
        private final List<ConsumerRecord<String, CloudEvent>> delivered = new ArrayList<>();
        private final List<String> applied = new ArrayList<>();

        DeduplicatingConsumer(String key) {
            this.key = key;
        }

        void consumeUntilDelivered(int count) {
            consume(probe.await(record -> key.equals(record.key()), count));
        }

        void consumeFor(Duration duration) {
            consume(probe.drain(record -> key.equals(record.key()), duration));
        }

        private void consume(List<ConsumerRecord<String, CloudEvent>> seen) {
            for (ConsumerRecord<String, CloudEvent> record : seen.subList(delivered.size(), seen.size())) {
                delivered.add(record);
                String id = record.value().getId();
                processedEvents.once(name, id, () -> Mono.fromRunnable(() -> applied.add(id))).block();
            }
        }

        @Override
        public void close() {
            probe.close();
        }
    }
}
