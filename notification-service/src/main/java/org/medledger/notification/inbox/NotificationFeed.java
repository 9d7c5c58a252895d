package org.medledger.notification.inbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Live feed of newly created notifications, for the server-sent-events streams.
 *
 * <p>Within one instance a notification is pushed the moment it is created, through a multicast {@link Sinks sink}
 * that every open stream filters by recipient. With several instances the Kafka consumer that creates a notification
 * may run on another instance than the one holding the user's stream, so each instance also polls MongoDB every
 * {@link StreamProperties#clusterPollInterval()} for notifications created in the last
 * {@link StreamProperties#clusterPollWindow()} and feeds those it has not seen into the same sink: one indexed query
 * per instance and interval, however many streams are open. A notification is emitted once per instance (a bounded
 * set of recent ids); a client that was disconnected reloads its list with {@code GET /api/notifications}.
 * (MongoDB change streams would avoid the poll but need a replica set, which the embedded MongoDB does not offer.)
 */
@Component
public class NotificationFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationFeed.class);
    private static final int RECENT_IDS = 10_000;
    private static final int POLL_LIMIT = 1_000;

    private final ReactiveMongoTemplate mongo;
    private final StreamProperties properties;
    private final Sinks.Many<Notification> sink = Sinks.many().multicast().directBestEffort();
    private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    });
    private volatile Disposable poll;
    private volatile boolean running;

    public NotificationFeed(ReactiveMongoTemplate mongo, StreamProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /** Pushes a newly created notification to its recipient's open streams (once, however often it is called). */
    public void publish(Notification notification) {
        synchronized (recent) {
            if (recent.add(notification.id())) {
                sink.tryEmitNext(notification);
            }
        }
    }

    /** New notifications for {@code recipientId}, from now on. */
    public Flux<Notification> of(String recipientId) {
        return sink.asFlux()
                .filter(notification -> recipientId.equals(notification.recipientId()))
                .onBackpressureBuffer(properties.bufferPerSubscriber(), dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                // write to the client off the thread that created the notification (a Kafka consumer or a Mongo driver)
                .publishOn(Schedulers.parallel());
    }

    @Override
    public void start() {
        running = true;
        if (properties.clusterPollInterval().isZero() || properties.clusterPollInterval().isNegative()) {
            return;
        }
        poll = Flux.interval(properties.clusterPollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> createdRecently()
                        .doOnNext(this::publish)
                        .then()
                        .onErrorResume(e -> {
                            log.warn("Notification feed poll failed: {}", e.getClass().getSimpleName());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    private Flux<Notification> createdRecently() {
        Instant since = Instant.now().minus(properties.clusterPollWindow());
        return mongo.find(Query.query(Criteria.where("createdAt").gte(since)).with(Sort.by("createdAt")).limit(POLL_LIMIT),
                Notification.class);
    }

    @Override
    public void stop() {
        running = false;
        Disposable polling = poll;
        if (polling != null) {
            polling.dispose();
        }
        // open streams end before the web server's graceful shutdown, so it does not wait for them; clients reconnect
        sink.tryEmitComplete();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
