package org.medledger.support.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medledger.events.EventCodec;
import org.medledger.events.MalformedEventException;
import org.medledger.events.Topics;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka as every MedLedger service uses it: CloudEvents in binary mode, idempotent acks=all producers, and one
 * listener container factory ({@value #LISTENER_FACTORY}) whose consumers retry with exponential back-off and
 * then park the record on {@code <topic>.dlt}; undecodable and malformed records go there at once, so a
 * poison message never blocks its partition.
 */
@AutoConfiguration(after = DataMongoReactiveAutoConfiguration.class)
@EnableConfigurationProperties(EventsProperties.class)
public class EventsAutoConfiguration {

    /** Name of the listener container factory for {@code @KafkaListener(containerFactory = ...)}. */
    public static final String LISTENER_FACTORY = "cloudEventListenerFactory";

    @Bean
    @ConditionalOnMissingBean
    OutboxTracing outboxTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxTracing(tracer.getIfUnique(), propagator.getIfUnique());
    }

    /** Prepared events keep the current trace context, so the relay can continue the request's trace. */
    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(@Value("${spring.application.name:medledger}") String applicationName, OutboxTracing tracing) {
        return new EventCodec(URI.create("/medledger/" + applicationName), Clock.systemUTC(), tracing::currentTraceparent);
    }

    @Bean
    @ConditionalOnMissingBean(name = "cloudEventKafkaTemplate")
    KafkaTemplate<String, CloudEvent> cloudEventKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        var template = new KafkaTemplate<String, CloudEvent>(
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new CloudEventSerializer()));
        template.setProducerListener(contentFreeLogging());
        // writes the current trace context into the record's headers (traceparent)
        template.setObservationEnabled(true);
        return template;
    }

    @Bean(LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, CloudEvent> cloudEventListenerFactory(KafkaProperties kafka,
            EventsProperties events) {
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, CloudEvent>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(new CloudEventDeserializer())));
        factory.setCommonErrorHandler(errorHandler(kafka, events));
        // each record is handled in the trace its headers carry: consumer log lines share the request's trace id
        factory.getContainerProperties().setObservationEnabled(true);
        return factory;
    }

    private static DefaultErrorHandler errorHandler(KafkaProperties kafka, EventsProperties events) {
        Map<String, Object> producer = kafka.buildProducerProperties();
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        var serializer = new DelegatingByTypeSerializer(Map.of(byte[].class, new ByteArraySerializer(),
                CloudEvent.class, new CloudEventSerializer(), String.class, new StringSerializer()), true);
        var template = new KafkaTemplate<Object, Object>(
                new DefaultKafkaProducerFactory<Object, Object>(producer, (org.apache.kafka.common.serialization.Serializer) new StringSerializer(), serializer));
        template.setProducerListener(contentFreeLogging());
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        recoverer.excludeHeader(HeadersToAdd.EX_MSG, HeadersToAdd.EX_STACKTRACE, HeadersToAdd.EX_CAUSE);
        recoverer.setHeadersFunction((record, e) -> DeadLetterHeaders.reason(e));
        var backOff = new ExponentialBackOff(events.consumerRetryInitialInterval().toMillis(), 2.0);
        backOff.setMaxAttempts(Math.max(0, events.consumerRetryMaxAttempts() - 1));
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, DeserializationException.class);
        return handler;
    }

    /** Spring Kafka logs a failed send with the start of the record's value: it may hold a code or patient data. */
    private static <K, V> LoggingProducerListener<K, V> contentFreeLogging() {
        var listener = new LoggingProducerListener<K, V>();
        listener.setIncludeContents(false);
        return listener;
    }

    @Bean
    @ConditionalOnBean(ReactiveMongoTemplate.class)
    @ConditionalOnMissingBean
    ProcessedEvents processedEvents(ReactiveMongoTemplate mongo, EventsProperties events) {
        ProcessedEvents processedEvents = new ProcessedEvents(mongo);
        processedEvents.ensureIndexes(events.processedEventRetention())
                .subscribe(name -> { }, e -> LoggerFactory.getLogger(ProcessedEvents.class)
                        .warn("Could not create the processed_events expiry index: {}", e.getClass().getSimpleName()));
        return processedEvents;
    }

    @Bean
    @ConditionalOnBean(ReactiveMongoTemplate.class)
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, CloudEvent> cloudEventKafkaTemplate,
            EventCodec codec, EventsProperties events, OutboxTracing tracing) {
        return new OutboxRelay(mongo, cloudEventKafkaTemplate, codec, events, tracing);
    }
}
