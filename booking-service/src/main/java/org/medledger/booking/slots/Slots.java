package org.medledger.booking.slots;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.medledger.booking.BookingProperties;
import org.medledger.booking.identity.Doctor;
import org.medledger.booking.identity.DoctorStatus;
import org.medledger.booking.identity.IdentityProjection;
import org.medledger.booking.locks.LeaseLocks;
import org.medledger.booking.web.PageView;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Doctors' slots.
 *
 * <p>No overlap, raced safely: a publication holds the doctor's lease lock ({@link LeaseLocks}, key
 * {@code doctor:<id>}) while it reads the doctor's slots in the affected range, checks the new ones against them
 * and inserts them, so two concurrent publications of one doctor are serialised and the second sees the first's
 * slots. Behind it, a unique index on {@code (doctorId, start)} refuses two slots with the same start even if a lease
 * ran out mid-publication. A publication is all or nothing: if an insert fails, the slots it already wrote are
 * removed.
 *
 * <p>Booking claims a slot with one conditional update ({@code FREE → BOOKED} with the appointment id), so a slot
 * is held by at most one appointment however many patients try at once.
 */
@Service
public class Slots {

    private final ReactiveMongoTemplate mongo;
    private final IdentityProjection identity;
    private final LeaseLocks locks;
    private final BookingProperties properties;
    private final SlotPlanner planner;
    private final Clock clock;

    public Slots(ReactiveMongoTemplate mongo, IdentityProjection identity, LeaseLocks locks, BookingProperties properties,
            Clock clock) {
        this.mongo = mongo;
        this.identity = identity;
        this.locks = locks;
        this.properties = properties;
        this.planner = new SlotPlanner(properties);
        this.clock = clock;
    }

    /** Publishes the slots {@code request} asks for, for {@code doctor}. */
    public Mono<SlotsCreated> publish(CurrentUser doctor, SlotRequest request) {
        return identity.requireMayPublish(doctor) // who may publish, before what they publish
                .then(Mono.fromCallable(() -> planner.plan(request, clock.instant())))
                .flatMap(wanted -> locks.withLock("doctor:" + doctor.id(), () -> insertWithoutOverlap(doctor.id(), wanted)))
                .map(ids -> SlotsCreated.of(ids, request.pattern() == null));
    }

    private Mono<List<String>> insertWithoutOverlap(String doctorId, List<Interval> wanted) {
        Instant from = wanted.getFirst().start();
        Instant to = wanted.getLast().end();
        Query range = Query.query(Criteria.where("doctorId").is(doctorId).and("start").lt(to).and("end").gt(from))
                .with(Sort.by("start"));
        return mongo.find(range, Slot.class)
                .map(slot -> new Interval(slot.start(), slot.end()))
                .collectList()
                .flatMap(existing -> {
                    Interval.firstOverlap(wanted, existing).ifPresent(pair -> {
                        throw new ConflictException("slot-overlap", "The slot " + pair[0].start() + " – " + pair[0].end()
                                + " overlaps your slot " + pair[1].start() + " – " + pair[1].end() + ".");
                    });
                    return insertAll(doctorId, wanted);
                });
    }

    private Mono<List<String>> insertAll(String doctorId, List<Interval> wanted) {
        Instant now = clock.instant();
        List<Slot> slots = new ArrayList<>(wanted.size());
        for (Interval interval : wanted) {
            slots.add(new Slot(UUID.randomUUID().toString(), doctorId, interval.start(), interval.end(), SlotStatus.FREE, null,
                    null, now));
        }
        List<String> ids = slots.stream().map(Slot::id).toList();
        return mongo.insert(slots, Slot.class)
                .then(Mono.just(ids))
                .onErrorResume(e -> mongo.remove(Query.query(Criteria.where("_id").in(ids)), Slot.class)
                        .then(Mono.error(e instanceof DuplicateKeyException
                                ? new ConflictException("slot-overlap", "A slot with the same start already exists.")
                                : e)));
    }

    /**
     * Free slots starting after now within [from, to), optionally of one doctor, by start; only slots of doctors
     * the projection holds APPROVED, since no one can book the others.
     */
    public Mono<PageView<SlotView>> listFree(String doctorId, Instant from, Instant to, Pageable page) {
        return notApprovedDoctorIds().flatMap(notApproved -> {
            Criteria byDoctor = Criteria.where("doctorId").nin(notApproved);
            if (doctorId != null) {
                byDoctor = byDoctor.in(doctorId);
            }
            return page(Criteria.where("status").is(SlotStatus.FREE).and("start").gte(from).gt(clock.instant()).lt(to)
                    .andOperator(byDoctor), page);
        });
    }

    /**
     * Doctors the projection holds but not as APPROVED (rejected, or still pending). Every doctor with slots is in
     * the projection (publishing records the doctor), so excluding these leaves exactly the approved doctors' slots.
     */
    private Mono<List<String>> notApprovedDoctorIds() {
        Query notApproved = Query.query(Criteria.where("status").ne(DoctorStatus.APPROVED));
        notApproved.fields().include("_id");
        return mongo.find(notApproved, Doctor.class).map(Doctor::id).collectList();
    }

    /** The caller's own slots, any status, starting within [from, to). */
    public Mono<PageView<SlotView>> listOwn(CurrentUser doctor, Instant from, Instant to, Pageable page) {
        return Mono.defer(() -> {
            doctor.requireRole(CurrentUser.DOCTOR);
            return page(Criteria.where("doctorId").is(doctor.id()).and("start").gte(from).lt(to), page);
        });
    }

    private Mono<PageView<SlotView>> page(Criteria criteria, Pageable page) {
        Query query = Query.query(criteria).with(page);
        Mono<List<Slot>> items = mongo.find(query, Slot.class).collectList();
        Mono<Long> total = mongo.count(Query.query(criteria), Slot.class);
        return Mono.zip(items, total).flatMap(tuple -> {
            Set<String> doctorIds = tuple.getT1().stream().map(Slot::doctorId).collect(Collectors.toSet());
            return identity.doctorNames(doctorIds).map(names -> new PageView<>(
                    tuple.getT1().stream().map(slot -> SlotView.of(slot, names.get(slot.doctorId()))).toList(),
                    page.getPageNumber(), page.getPageSize(), tuple.getT2()));
        });
    }

    /** Withdraws one of the caller's FREE slots; a booked slot must be freed by cancelling its appointment first. */
    public Mono<Void> withdraw(CurrentUser doctor, String slotId) {
        Query own = Query.query(Criteria.where("_id").is(slotId).and("doctorId").is(doctor.id()));
        return mongo.remove(Query.query(Criteria.where("_id").is(slotId).and("doctorId").is(doctor.id())
                        .and("status").is(SlotStatus.FREE)), Slot.class)
                .flatMap(result -> result.getDeletedCount() == 1 ? Mono.<Void>empty()
                        : mongo.findOne(own, Slot.class)
                                .switchIfEmpty(Mono.error(Slots::notFound))
                                .flatMap(slot -> Mono.error(new ConflictException("slot-booked",
                                        "The slot is booked; cancel its appointment before withdrawing it."))));
    }

    /** The slot, if it exists. */
    public Mono<Slot> find(String slotId) {
        return mongo.findById(slotId, Slot.class);
    }

    /**
     * Claims a FREE slot that starts after {@code now} for {@code appointmentId}: one atomic conditional update, so
     * of any number of concurrent claims exactly one succeeds.
     *
     * @return the claimed slot, or empty when the slot is missing, taken or no longer in the future
     */
    public Mono<Slot> claim(String slotId, String appointmentId, Instant now) {
        Query claimable = Query.query(Criteria.where("_id").is(slotId).and("status").is(SlotStatus.FREE).and("start").gt(now));
        Update claim = new Update().set("status", SlotStatus.BOOKED).set("appointmentId", appointmentId).set("bookedAt", now);
        return mongo.findAndModify(claimable, claim, FindAndModifyOptions.options().returnNew(true), Slot.class);
    }

    /**
     * Frees a slot held by {@code appointmentId}; does nothing when another appointment (or none) holds it.
     *
     * @return whether the slot was freed
     */
    public Mono<Boolean> release(String slotId, String appointmentId) {
        Query held = Query.query(Criteria.where("_id").is(slotId).and("appointmentId").is(appointmentId)
                .and("status").is(SlotStatus.BOOKED));
        Update free = new Update().set("status", SlotStatus.FREE).unset("appointmentId").unset("bookedAt");
        return mongo.updateFirst(held, free, Slot.class).map(result -> result.getModifiedCount() == 1);
    }

    /** BOOKED slots that start after {@code now}: the ones whose claim still matters. */
    public Flux<Slot> bookedAfter(Instant now) {
        return mongo.find(Query.query(Criteria.where("status").is(SlotStatus.BOOKED).and("start").gt(now))
                .with(Sort.by("start")), Slot.class);
    }

    private static NotFoundException notFound() {
        return new NotFoundException("slot-not-found", "No such slot.");
    }
}
