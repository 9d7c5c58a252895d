package org.medledger.booking.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingIntegrationTest;
import org.medledger.booking.BookingProperties;
import org.medledger.support.web.ConflictException;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class LeaseLocksTests extends BookingIntegrationTest {

    @Autowired
    LeaseLocks locks;
    @Autowired
    BookingProperties properties;

    @Test
    void withLock_manyConcurrentHolders_neverOverlapAndAllRun() {
        String key = "test:" + UUID.randomUUID();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        // enter, hold a moment, leave: all before the work completes and the lock is released
        Flux<Integer> holders = Flux.range(0, 20).flatMap(i -> locks.withLock(key, () -> Mono.fromRunnable(() ->
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max))
                .then(Mono.delay(Duration.ofMillis(5)))
                .then(Mono.fromRunnable(inside::decrementAndGet))
                .thenReturn(i)), 20);
        StepVerifier.create(holders).expectNextCount(20).verifyComplete();
        assertThat(mostInside).hasValue(1);
        assertThat(mongo.findById(key, Document.class, LeaseLocks.COLLECTION).block()).isNull();
    }

    @Test
    void withLock_expiredLeaseOfACrashedHolder_isTakenOver() {
        String key = "test:" + UUID.randomUUID();
        mongo.insert(new Document("_id", key).append("holder", "crashed").append("expiresAt", Instant.now().minusSeconds(1)),
                LeaseLocks.COLLECTION).block();
        StepVerifier.create(locks.withLock(key, () -> Mono.just("ran"))).expectNext("ran").verifyComplete();
    }

    @Test
    void withLock_leaseHeldThroughoutTheWait_isConflict() {
        String key = "test:" + UUID.randomUUID();
        mongo.insert(new Document("_id", key).append("holder", "busy").append("expiresAt", Instant.now().plusSeconds(60)),
                LeaseLocks.COLLECTION).block();
        LeaseLocks impatient = new LeaseLocks(mongo, withWait(Duration.ofMillis(300)));
        StepVerifier.create(impatient.withLock(key, () -> Mono.just("ran")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConflictException.class)
                        .hasMessageContaining("being processed"))
                .verify(Duration.ofSeconds(10));
        // the other holder's lock is untouched
        assertThat(mongo.findById(key, Document.class, LeaseLocks.COLLECTION).block().getString("holder")).isEqualTo("busy");
    }

    @Test
    void withLock_failingWork_releasesTheLock() {
        String key = "test:" + UUID.randomUUID();
        StepVerifier.create(locks.withLock(key, () -> Mono.error(new IllegalStateException("boom"))))
                .expectError(IllegalStateException.class)
                .verify();
        assertThat(mongo.findById(key, Document.class, LeaseLocks.COLLECTION).block()).isNull();
    }

    private BookingProperties withWait(Duration wait) {
        return new BookingProperties(properties.minSlotLength(), properties.maxSlotLength(), properties.maxAdvance(),
                properties.maxSlotsPerRequest(), properties.maxListWindow(), properties.defaultPageSize(),
                properties.maxPageSize(), properties.lockLease(), wait, properties.reconcileInterval(),
                properties.abandonedClaimAge());
    }
}
