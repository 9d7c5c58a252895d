package org.medledger.booking.appointments;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.medledger.booking.identity.IdentityProjection;
import org.medledger.booking.locks.LeaseLocks;
import org.medledger.booking.slots.Slot;
import org.medledger.booking.slots.SlotStatus;
import org.medledger.booking.slots.Slots;
import org.medledger.booking.web.PageView;
import org.medledger.events.EventCodec;
import org.medledger.events.MalformedEventException;
import org.medledger.events.booking.AppointmentBooked;
import org.medledger.events.booking.AppointmentCancelled;
import org.medledger.events.booking.AppointmentCompleted;
import org.medledger.events.report.ReportStored;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.ForbiddenException;
import org.medledger.support.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Booking and the appointment lifecycle.
 *
 * <p>Booking, in order: the patient's lease lock (so two bookings of one patient cannot both pass the overlap
 * check), checks that explain refusals clearly (slot exists, is in the future, its doctor is approved, the patient
 * has no overlapping appointment that is not cancelled), then the atomic claim of the slot ({@link Slots#claim}: exactly one of any
 * number of concurrent bookings wins), then the insert of the appointment with its AppointmentBooked event in its
 * outbox. If the insert fails, the claim is undone; if even that fails, {@link SlotReconciler} frees the slot later.
 *
 * <p>Each transition is one conditional {@code findAndModify} on the appointment ({@code status: BOOKED} in the
 * query), carrying its event in the same write, so a transition happens at most once and never without its event.
 *
 * <p>Ownership: an appointment is visible only to its patient and its doctor; to anyone else it does not exist
 * (404), so ids cannot be probed.
 */
@Service
public class Appointments {

    private static final Logger log = LoggerFactory.getLogger(Appointments.class);

    private final ReactiveMongoTemplate mongo;
    private final Slots slots;
    private final IdentityProjection identity;
    private final LeaseLocks locks;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final Clock clock;

    public Appointments(ReactiveMongoTemplate mongo, Slots slots, IdentityProjection identity, LeaseLocks locks,
            EventCodec codec, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.slots = slots;
        this.identity = identity;
        this.locks = locks;
        this.codec = codec;
        this.relay = relay;
        this.clock = clock;
    }

    /** The result of a booking request: the confirmation, and whether it replays an earlier request. */
    public record Booking(BookingConfirmation confirmation, boolean replayed) {
    }

    /**
     * Books {@code request.slotId()} for {@code patient}.
     *
     * @param idempotencyKey the request's Idempotency-Key header, or null; the same key from the same patient
     *     returns the first request's confirmation and books nothing more
     */
    public Mono<Booking> book(CurrentUser patient, BookingRequest request, String idempotencyKey) {
        return Mono.defer(() -> {
            patient.requireRole(CurrentUser.PATIENT);
            String key = IdempotencyKeys.check(idempotencyKey);
            String fingerprint = IdempotencyKeys.fingerprint(request);
            String id = key == null ? UUID.randomUUID().toString() : IdempotencyKeys.appointmentId(patient.id(), key);
            Mono<Booking> replay = key == null ? Mono.empty()
                    : mongo.findById(id, Appointment.class).map(existing -> replay(existing, patient, fingerprint));
            return replay.switchIfEmpty(Mono.defer(() -> locks.withLock("patient:" + patient.id(),
                    () -> replay.switchIfEmpty(Mono.defer(() -> bookNew(id, patient, request, key, fingerprint))))));
        });
    }

    private static Booking replay(Appointment existing, CurrentUser patient, String fingerprint) {
        if (!existing.patientId().equals(patient.id()) || !fingerprint.equals(existing.requestFingerprint())) {
            throw new UnprocessableException("idempotency-key-reused",
                    "This Idempotency-Key was already used for a different booking request; use a new key.");
        }
        return new Booking(BookingConfirmation.of(existing), true);
    }

    private Mono<Booking> bookNew(String id, CurrentUser patient, BookingRequest request, String key, String fingerprint) {
        Instant now = clock.instant();
        return slots.find(request.slotId())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("slot-not-found", "No such slot.")))
                .flatMap(slot -> {
                    if (slot.doctorId().equals(patient.id())) {
                        return Mono.error(new ConflictException("own-slot", "You cannot book your own slot."));
                    }
                    if (!slot.start().isAfter(now)) {
                        return Mono.error(slotInPast());
                    }
                    if (slot.status() == SlotStatus.BOOKED && !id.equals(slot.appointmentId())) {
                        return Mono.error(slotTaken());
                    }
                    return identity.requireApprovedDoctor(slot.doctorId())
                            .then(requireNoOverlap(patient.id(), slot))
                            .then(claim(slot, id, now))
                            .flatMap(claimed -> insert(newAppointment(id, claimed, patient, request, key, fingerprint, now),
                                    patient, fingerprint));
                })
                .flatMap(booking -> identity.rememberPatient(patient)
                        .onErrorResume(e -> Mono.empty())
                        .thenReturn(booking))
                .doOnNext(booking -> relay.nudge());
    }

    private Mono<Void> requireNoOverlap(String patientId, Slot slot) {
        // a COMPLETED (or REPORT_AVAILABLE) appointment still occupies its time until it ends; only a cancelled one frees it
        Query overlapping = Query.query(Criteria.where("patientId").is(patientId).and("status").ne(AppointmentStatus.CANCELLED)
                .and("start").lt(slot.end()).and("end").gt(slot.start()));
        return mongo.exists(overlapping, Appointment.class)
                .flatMap(exists -> exists
                        ? Mono.error(new ConflictException("overlapping-appointment",
                                "You already have an appointment at an overlapping time; cancel it first."))
                        : Mono.empty());
    }

    /** Claims the slot; when an earlier attempt with the same id already claimed it, carries on with that claim. */
    private Mono<Slot> claim(Slot slot, String appointmentId, Instant now) {
        return slots.claim(slot.id(), appointmentId, now)
                .switchIfEmpty(Mono.defer(() -> slots.find(slot.id())
                        .switchIfEmpty(Mono.error(() -> new NotFoundException("slot-not-found", "No such slot.")))
                        .flatMap(current -> {
                            if (current.status() == SlotStatus.BOOKED && appointmentId.equals(current.appointmentId())) {
                                return Mono.just(current);
                            }
                            return Mono.error(current.start().isAfter(now) ? slotTaken() : slotInPast());
                        })));
    }

    private Appointment newAppointment(String id, Slot slot, CurrentUser patient, BookingRequest request, String key,
            String fingerprint, Instant now) {
        var event = codec.prepare(new AppointmentBooked(id, slot.id(), slot.doctorId(), patient.id(), slot.start(), slot.end()));
        return new Appointment(id, slot.id(), slot.doctorId(), patient.id(), slot.start(), slot.end(), AppointmentStatus.BOOKED,
                request.symptoms(), request.age(), key, fingerprint, null, now, null, null, null, null,
                new ArrayList<>(List.of(event)));
    }

    private Mono<Booking> insert(Appointment appointment, CurrentUser patient, String fingerprint) {
        return mongo.insert(appointment)
                .map(saved -> new Booking(BookingConfirmation.of(saved), false))
                .onErrorResume(DuplicateKeyException.class, e -> mongo.findById(appointment.id(), Appointment.class)
                        .map(existing -> replay(existing, patient, fingerprint))
                        .switchIfEmpty(Mono.error(e)))
                .onErrorResume(e -> !(e instanceof UnprocessableException), e -> slots.release(appointment.slotId(), appointment.id())
                        .onErrorResume(releaseFailure -> Mono.just(false)) // the reconciler frees it later
                        .then(Mono.error(e)));
    }

    /** One appointment, if {@code caller} is its patient or doctor; 404 otherwise. */
    public Mono<AppointmentView> find(CurrentUser caller, String id) {
        return visible(caller, id).flatMap(this::view);
    }

    /**
     * The caller's appointments (as patient and as doctor), by start, optionally of one status and starting within
     * [from, to).
     */
    public Mono<PageView<AppointmentView>> list(CurrentUser caller, AppointmentStatus status, Instant from, Instant to,
            Pageable page) {
        Criteria criteria = new Criteria().orOperator(Criteria.where("patientId").is(caller.id()),
                Criteria.where("doctorId").is(caller.id()));
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        if (from != null || to != null) {
            Criteria start = criteria.and("start");
            if (from != null) {
                start = start.gte(from);
            }
            if (to != null) {
                start = start.lt(to);
            }
            criteria = start;
        }
        Query query = Query.query(criteria).with(page);
        Mono<List<Appointment>> items = mongo.find(query, Appointment.class).collectList();
        Mono<Long> total = mongo.count(Query.query(criteria), Appointment.class);
        return Mono.zip(items, total).flatMap(tuple -> {
            List<Appointment> appointments = tuple.getT1();
            Set<String> doctorIds = appointments.stream().map(Appointment::doctorId).collect(Collectors.toSet());
            Set<String> patientIds = appointments.stream().map(Appointment::patientId).collect(Collectors.toSet());
            return Mono.zip(identity.doctorNames(doctorIds), identity.patientNames(patientIds))
                    .map(names -> new PageView<>(appointments.stream()
                            .map(a -> AppointmentView.of(a, names.getT1().get(a.doctorId()), names.getT2().get(a.patientId())))
                            .toList(), page.getPageNumber(), page.getPageSize(), tuple.getT2()));
        });
    }

    /** BOOKED → COMPLETED, by the appointment's doctor, not before its start. */
    public Mono<AppointmentView> complete(CurrentUser caller, String id) {
        return visible(caller, id).flatMap(appointment -> {
            if (!appointment.doctorId().equals(caller.id())) {
                return Mono.error(new ForbiddenException("doctor-only", "Only the appointment's doctor can complete it."));
            }
            if (appointment.status() != AppointmentStatus.BOOKED) {
                return Mono.error(illegal(appointment.status(), "completed"));
            }
            Instant now = clock.instant();
            if (now.isBefore(appointment.start())) {
                return Mono.error(new ConflictException("appointment-not-started",
                        "The appointment cannot be completed before it starts at " + appointment.start() + "."));
            }
            Update complete = new Update().set("status", AppointmentStatus.COMPLETED).set("completedAt", now)
                    .push("outbox", codec.prepare(new AppointmentCompleted(id, appointment.doctorId(), appointment.patientId())));
            return transition(id, complete, "completed");
        }).flatMap(this::view);
    }

    /** BOOKED → CANCELLED, by either party; the slot becomes free again. */
    public Mono<AppointmentView> cancel(CurrentUser caller, String id) {
        return visible(caller, id).flatMap(appointment -> {
            if (appointment.status() != AppointmentStatus.BOOKED) {
                return Mono.error(illegal(appointment.status(), "cancelled"));
            }
            Update cancel = new Update().set("status", AppointmentStatus.CANCELLED).set("cancelledAt", clock.instant())
                    .set("cancelledBy", caller.id())
                    .push("outbox", codec.prepare(new AppointmentCancelled(id, appointment.slotId(), appointment.doctorId(),
                            appointment.patientId(), caller.id(), appointment.start())));
            return transition(id, cancel, "cancelled")
                    .flatMap(cancelled -> slots.release(cancelled.slotId(), cancelled.id())
                            .onErrorResume(e -> {
                                log.warn("Slot {} of cancelled appointment {} not freed yet ({}); the reconciler will",
                                        cancelled.slotId(), cancelled.id(), e.getClass().getSimpleName());
                                return Mono.just(false);
                            })
                            .thenReturn(cancelled));
        }).flatMap(this::view);
    }

    /** Applies {@code update} if the appointment is still BOOKED; 409 if a concurrent request moved it first. */
    private Mono<Appointment> transition(String id, Update update, String verb) {
        Query booked = Query.query(Criteria.where("_id").is(id).and("status").is(AppointmentStatus.BOOKED));
        return mongo.findAndModify(booked, update, FindAndModifyOptions.options().returnNew(true), Appointment.class)
                .switchIfEmpty(Mono.defer(() -> mongo.findById(id, Appointment.class)
                        .flatMap(current -> Mono.error(illegal(current.status(), verb)))))
                .doOnNext(changed -> relay.nudge());
    }

    /**
     * COMPLETED → REPORT_AVAILABLE when report-chain-service stored the appointment's report. Idempotent: a repeated
     * event changes nothing. An event that contradicts the appointment (unknown, not COMPLETED, another doctor) is
     * refused as malformed, which parks it on the dead-letter topic for someone to look at.
     */
    public Mono<Void> reportStored(ReportStored event) {
        Instant now = clock.instant();
        Query completed = Query.query(Criteria.where("_id").is(event.appointmentId()).and("doctorId").is(event.doctorId())
                .and("patientId").is(event.patientId()).and("status").is(AppointmentStatus.COMPLETED));
        Update available = new Update().set("status", AppointmentStatus.REPORT_AVAILABLE).set("reportId", event.reportId())
                .set("reportAvailableAt", now);
        return mongo.updateFirst(completed, available, Appointment.class).flatMap(result -> {
            if (result.getModifiedCount() == 1) {
                return Mono.empty();
            }
            return mongo.findById(event.appointmentId(), Appointment.class)
                    .filter(current -> current.status() == AppointmentStatus.REPORT_AVAILABLE
                            && current.doctorId().equals(event.doctorId()) && current.patientId().equals(event.patientId()))
                    // a further report of the same appointment: it becomes the latest
                    .flatMap(current -> mongo.updateFirst(Query.query(Criteria.where("_id").is(current.id())),
                            new Update().set("reportId", event.reportId()), Appointment.class))
                    .switchIfEmpty(Mono.error(() -> new MalformedEventException("ReportStored for report " + event.reportId()
                            + " names appointment " + event.appointmentId()
                            + ", which is not a COMPLETED appointment of that doctor and patient")))
                    .then();
        });
    }

    private Mono<Appointment> visible(CurrentUser caller, String id) {
        return mongo.findById(id, Appointment.class)
                .filter(appointment -> appointment.involves(caller.id()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("appointment-not-found", "No such appointment.")));
    }

    private Mono<AppointmentView> view(Appointment appointment) {
        return Mono.zip(identity.doctorNames(Set.of(appointment.doctorId())), identity.patientNames(Set.of(appointment.patientId())))
                .map(names -> AppointmentView.of(appointment, names.getT1().get(appointment.doctorId()),
                        names.getT2().get(appointment.patientId())));
    }

    private static ConflictException illegal(AppointmentStatus current, String verb) {
        return new ConflictException("illegal-transition",
                "The appointment is " + current + "; only a BOOKED appointment can be " + verb + ".");
    }

    private static ConflictException slotTaken() {
        return new ConflictException("slot-taken", "The slot is already booked.");
    }

    private static ConflictException slotInPast() {
        return new ConflictException("slot-in-past", "The slot has already started; choose a future slot.");
    }
}
