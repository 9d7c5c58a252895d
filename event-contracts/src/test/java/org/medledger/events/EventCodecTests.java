package org.medledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medledger.events.booking.AppointmentBooked;

class EventCodecTests {

    private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");
    private final EventCodec codec = new EventCodec(URI.create("/medledger/test"), Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Class<? extends DomainEvent>> catalog() {
        return EventCatalog.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("catalog")
    void everyEventType_roundTripsThroughKafkaBinaryMode_unchanged(Class<? extends DomainEvent> eventClass) {
        DomainEvent original = sample(eventClass);
        OutgoingEvent prepared = codec.prepare(original);

        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            value = serializer.serialize(prepared.topic(), headers,
                    codec.toCloudEvent(prepared, Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
        }
        assertThat(headers.lastHeader("ce_type").value()).asString(StandardCharsets.UTF_8).isEqualTo(prepared.type());
        assertThat(headers.lastHeader("ce_subject").value()).asString(StandardCharsets.UTF_8).isEqualTo(original.aggregateId());

        CloudEvent received;
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            received = deserializer.deserialize(prepared.topic(), headers, value);
        }
        ReceivedEvent<DomainEvent> decoded = codec.decode(received);
        assertThat(decoded.data()).isEqualTo(original);
        assertThat(decoded.id()).isEqualTo(prepared.id());
        assertThat(decoded.time()).isEqualTo(NOW);
        assertThat(received.getExtension("traceparent")).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("catalog")
    void everyEventType_dataValidatesAgainstItsPublishedSchema(Class<? extends DomainEvent> eventClass) throws Exception {
        String type = EventCatalog.typeOf(eventClass);
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(EventCatalog.schemaResource(type))) {
            assertThat(in).as("schema for " + type).isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        ObjectMapper jackson2 = new ObjectMapper();
        Set<ValidationMessage> errors = schema.validate(jackson2.readTree(codec.prepare(sample(eventClass)).data()));
        assertThat(errors).isEmpty();

        // and the schema really constrains: dropping a required field must fail
        var data = (com.fasterxml.jackson.databind.node.ObjectNode) jackson2.readTree(codec.prepare(sample(eventClass)).data());
        data.remove(eventClass.getRecordComponents()[0].getName());
        assertThat(schema.validate(data)).isNotEmpty();
    }

    /**
     * A schema describes exactly its record: one property per component, all required (the codec refuses a missing
     * field), a Java enum's constants as the enum, and the JSON type the codec writes. A field added to a record
     * without its schema, or a constant added to an enum, fails here instead of surprising a subscriber.
     */
    @ParameterizedTest
    @MethodSource("catalog")
    void everySchema_describesExactlyItsRecordsFields(Class<? extends DomainEvent> eventClass) throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream(EventCatalog.schemaResource(EventCatalog.typeOf(eventClass)))) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> components = Arrays.stream(eventClass.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        assertThat(properties).as("properties of " + eventClass.getSimpleName()).containsExactlyInAnyOrderElementsOf(components);
        assertThat(required).as("required of " + eventClass.getSimpleName()).containsExactlyInAnyOrderElementsOf(components);
        for (RecordComponent component : eventClass.getRecordComponents()) {
            JsonNode property = schema.path("properties").path(component.getName());
            Class<?> type = component.getType();
            String where = eventClass.getSimpleName() + "." + component.getName();
            String expectedType = type == int.class || type == long.class ? "integer" : "string";
            assertThat(property.path("type").asText()).as("JSON type of " + where).isEqualTo(expectedType);
            if (type.isEnum()) {
                List<String> constants = Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name())
                        .toList();
                List<String> allowed = new ArrayList<>();
                property.path("enum").forEach(value -> allowed.add(value.asText()));
                assertThat(allowed).as("enum of " + where).containsExactlyElementsOf(constants);
            }
            if (type == Instant.class) {
                assertThat(property.path("format").asText()).as("format of " + where).isEqualTo("date-time");
            }
        }
    }

    /** The identity events issue 3 names, plus the staff accounts notification alerts; no catch-all registration. */
    @Test
    void catalog_identityTopic_carriesOneRegistrationEventPerKindOfAccount() {
        assertThat(EventCatalog.ALL.stream().filter(type -> EventCatalog.topicOf(type).equals(Topics.IDENTITY))
                .map(EventCatalog::typeOf))
                .containsExactlyInAnyOrder("org.medledger.identity.patient-registered.v1",
                        "org.medledger.identity.doctor-registered.v1",
                        "org.medledger.identity.staff-account-registered.v1",
                        "org.medledger.identity.doctor-approved.v1",
                        "org.medledger.identity.doctor-rejected.v1",
                        "org.medledger.identity.profile-updated.v1");
    }

    @Test
    void decode_missingRequiredField_isMalformed() {
        CloudEvent event = cloudEvent(EventCatalog.typeOf(AppointmentBooked.class), "{\"appointmentId\":\"a\"}");
        assertThatThrownBy(() -> codec.decode(event)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("lacks required field");
    }

    @Test
    void decode_unknownType_isMalformed() {
        assertThatThrownBy(() -> codec.decode(cloudEvent("org.example.other.v1", "{}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unknown event type");
    }

    @Test
    void decode_invalidJson_isMalformedWithoutQuotingTheData() {
        CloudEvent event = cloudEvent(EventCatalog.typeOf(AppointmentBooked.class), "{\"appointmentId\": secret-123");
        assertThatThrownBy(() -> codec.decode(event)).isInstanceOf(MalformedEventException.class)
                .hasMessageNotContaining("secret-123");
    }

    @Test
    void decodeData_ofAnotherType_isMalformed() {
        OutgoingEvent prepared = codec.prepare(sample(AppointmentBooked.class));
        CloudEvent event = codec.toCloudEvent(prepared, Map.of());
        assertThatThrownBy(() -> codec.decodeData(event, org.medledger.events.report.ReportStored.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void prepare_keepsTheCallersTraceContextWithTheEvent() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var traced = new EventCodec(URI.create("/medledger/test"), Clock.fixed(NOW, ZoneOffset.UTC), () -> traceparent);
        assertThat(traced.prepare(sample(AppointmentBooked.class)).traceparent()).isEqualTo(traceparent);
        assertThat(codec.prepare(sample(AppointmentBooked.class)).traceparent()).isNull();
    }

    @Test
    void topics_deadLetterTopicIsDerivedFromTheSourceTopic() {
        assertThat(Topics.deadLetter(Topics.BOOKING)).isEqualTo("medledger.booking.v1.dlt");
    }

    private static CloudEvent cloudEvent(String type, String json) {
        return CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/test")).withType(type)
                .withData(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** An instance with every field set, whatever the record's shape. */
    static DomainEvent sample(Class<? extends DomainEvent> eventClass) {
        RecordComponent[] components = eventClass.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            types[i] = type;
            if (type == String.class) {
                values[i] = UUID.nameUUIDFromBytes(components[i].getName().getBytes(StandardCharsets.UTF_8)).toString();
            } else if (type == Instant.class) {
                values[i] = NOW.plusSeconds(i);
            } else if (type == int.class) {
                values[i] = 3 + i;
            } else if (type == long.class) {
                values[i] = 5L + i;
            } else if (type.isEnum()) {
                values[i] = type.getEnumConstants()[0];
            } else {
                throw new IllegalStateException("add a sample value for " + type);
            }
        }
        try {
            Constructor<? extends DomainEvent> constructor = eventClass.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
