package org.medledger.support.events;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The transactional outbox's relay. A service writes its events in the {@code outbox} array of the aggregate
 * document it changes, in the same single-document write (MongoDB's atomicity unit; no transactions needed,
 * so it works on mongo-java-server too). This relay publishes pending events in array order, and removes
 * each one only after Kafka acknowledged it (acks=all), so no event is lost when Kafka is down: they wait in
 * MongoDB until the broker is back. An event can be published twice (crash between ack and removal);
 * consumers deduplicate on the CloudEvent id.
 */
public class OutboxRelay implements SmartLifecycle {

    /** Name of the array field that holds an aggregate's pending events. */
    public static final String OUTBOX_FIELD = "outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int DOCUMENTS_PER_PASS = 100;

    private final ReactiveMongoTemplate mongo;
    private final MongoConverter converter;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final EventCodec codec;
    private final List<String> collections;
    private final Duration pollInterval;
    private final OutboxTracing tracing;
    private final Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;

    public OutboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, CloudEvent> kafka, EventCodec codec,
            EventsProperties properties) {
        this(mongo, kafka, codec, properties, OutboxTracing.NONE);
    }

    /** @param tracing continues, for each event, the trace of the call that wrote it */
    public OutboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, CloudEvent> kafka, EventCodec codec,
            EventsProperties properties, OutboxTracing tracing) {
        this.tracing = tracing;
        this.mongo = mongo;
        this.converter = mongo.getConverter();
        this.kafka = kafka;
        this.codec = codec;
        this.collections = properties.outboxCollections();
        this.pollInterval = properties.outboxPollInterval();
    }

    /** Asks for a pass now instead of at the next poll; call after saving an aggregate with new events. */
    public void nudge() {
        nudges.tryEmitNext(Boolean.TRUE);
    }

    /** One pass over every outbox collection; completes with the number of events published. */
    public Mono<Long> relayPending() {
        return Flux.fromIterable(collections)
                .concatMap(this::relayCollection)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> relayCollection(String collection) {
        Query pending = new Query(Criteria.where(OUTBOX_FIELD + ".0").exists(true)).limit(DOCUMENTS_PER_PASS);
        return mongo.find(pending, Document.class, collection)
                .flatMap(document -> relayDocument(collection, document), 4)
                .reduce(0L, Long::sum);
    }

    /** Publishes one aggregate's events strictly in order, stopping at the first failure to keep that order. */
    private Mono<Long> relayDocument(String collection, Document document) {
        List<?> outbox = document.getList(OUTBOX_FIELD, Object.class);
        Object aggregateId = document.get("_id");
        return Flux.fromIterable(outbox)
                .cast(Document.class)
                .concatMap(stored -> {
                    OutgoingEvent event = converter.read(OutgoingEvent.class, stored);
                    // send() itself blocks for up to max.block.ms while the broker is away (no metadata): off the
                    // thread that emitted the document, which is the MongoDB driver's event loop, shared with
                    // every other database call of the service
                    return Mono.fromFuture(() -> tracing.continuing(event.traceparent(),
                                    () -> kafka.send(event.topic(), event.subject(), codec.toCloudEvent(event, Map.of()))))
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(aggregateId)),
                                    new Update().pull(OUTBOX_FIELD, stored), collection))
                            .thenReturn(1L);
                })
                .reduce(0L, Long::sum)
                .onErrorResume(e -> {
                    log.warn("Outbox relay paused for a {} document: {}; it retries on the next pass", collection,
                            e.getClass().getSimpleName());
                    return Mono.just(0L);
                });
    }

    @Override
    public void start() {
        loop = Flux.merge(Flux.interval(Duration.ZERO, pollInterval), nudges.asFlux())
                .onBackpressureDrop()
                .concatMap(tick -> relayPending().onErrorResume(e -> {
                    log.warn("Outbox relay pass failed: {}", e.getClass().getSimpleName());
                    return Mono.just(0L);
                }), 1)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }
}
