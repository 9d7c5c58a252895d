package org.medledger.booking.appointments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.medledger.booking.BookingProperties;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.Slots;
import org.medledger.support.scheduling.PeriodicJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Repairs what a crash between two single-document writes can leave behind, since MongoDB here has no
 * transactions: a future slot still BOOKED for an appointment that was cancelled (the service died between the
 * cancel and the slot's release), or for an appointment that was never written (it died between the claim and the
 * insert, and the claim is older than {@code abandonedClaimAge}). Both get their slot freed. Runs every
 * {@code reconcileInterval}; past slots are left alone, as nobody can book them anyway.
 */
@Component
class SlotReconciler extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(SlotReconciler.class);
    private static final int BATCH = 200;

    private final Slots slots;
    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final Duration abandonedClaimAge;

    SlotReconciler(Slots slots, ReactiveMongoTemplate mongo, Clock clock, BookingProperties properties) {
        super("Slot reconciliation", properties.reconcileInterval(), properties.reconcileInterval());
        this.slots = slots;
        this.mongo = mongo;
        this.clock = clock;
        this.abandonedClaimAge = properties.abandonedClaimAge();
    }

    /** One pass; completes with the number of slots freed. */
    Mono<Long> reconcile() {
        Instant now = clock.instant();
        return slots.bookedAfter(now)
                .buffer(BATCH)
                .concatMap(batch -> {
                    Set<String> ids = batch.stream().map(Slot::appointmentId).collect(Collectors.toSet());
                    return mongo.find(Query.query(Criteria.where("_id").in(ids)), Appointment.class)
                            .collectMap(Appointment::id)
                            .flatMapMany(byId -> Flux.fromIterable(batch).filter(slot -> stale(slot, byId, now)));
                })
                .concatMap(slot -> slots.release(slot.id(), slot.appointmentId()))
                .filter(Boolean::booleanValue)
                .count()
                .doOnNext(freed -> {
                    if (freed > 0) {
                        log.info("Freed {} slot(s) left booked by cancelled or unwritten appointments", freed);
                    }
                });
    }

    private boolean stale(Slot slot, Map<String, Appointment> appointments, Instant now) {
        Appointment appointment = appointments.get(slot.appointmentId());
        if (appointment == null) {
            return slot.bookedAt() == null || slot.bookedAt().isBefore(now.minus(abandonedClaimAge));
        }
        return appointment.status() == AppointmentStatus.CANCELLED;
    }

    @Override
    protected Mono<Long> runOnce() {
        return reconcile();
    }
}
