package org.medledger.booking.identity;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.medledger.events.DomainEvent;
import org.medledger.events.identity.DoctorApproved;
import org.medledger.events.identity.DoctorRegistered;
import org.medledger.events.identity.DoctorRejected;
import org.medledger.events.identity.PatientRegistered;
import org.medledger.events.identity.ProfileUpdated;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.ForbiddenException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Keeps the doctors and patients projections and answers the questions booking asks of them.
 *
 * <p>Status rules, so that events and tokens arriving in any order converge: {@code DoctorApproved} and
 * {@code DoctorRejected} are an admin's decisions and always win (in topic order, which is per-doctor order
 * because the topic is keyed by user id). {@code DoctorRegistered} sets a status only on a doctor not seen before
 * (or upgrades PENDING when it says the doctor is already approved), so a late registration event never downgrades
 * an approval. A token with realm role {@code doctor} (identity-service grants it on approval, and Keycloak
 * signs the token) counts as approval for a doctor that is unknown or PENDING here, never for one REJECTED.
 */
@Service
public class IdentityProjection {

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    public IdentityProjection(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Applies one identity event; events booking does not need complete empty. */
    public Mono<Void> apply(DomainEvent event) {
        return switch (event) {
            case DoctorRegistered registered -> registered(registered);
            case PatientRegistered registered -> mongo.upsert(byId(registered.patientId()),
                    new Update().set("name", registered.name()).set("updatedAt", clock.instant()), Patient.class).then();
            case DoctorApproved approved -> decided(approved.doctorId(), DoctorStatus.APPROVED,
                    new Update().set("name", approved.name()).set("specialization", approved.specialization()));
            case DoctorRejected rejected -> decided(rejected.doctorId(), DoctorStatus.REJECTED, new Update());
            case ProfileUpdated updated -> renamed(updated.userId(), updated.name());
            default -> Mono.empty();
        };
    }

    private Mono<Void> registered(DoctorRegistered event) {
        DoctorStatus initial = event.status() == DoctorRegistered.Status.APPROVED ? DoctorStatus.APPROVED : DoctorStatus.PENDING;
        Mono<Void> upsert = mongo.upsert(byId(event.doctorId()), new Update()
                .set("name", event.name())
                .setOnInsert("status", initial)
                .set("updatedAt", clock.instant()), Doctor.class).then();
        Mono<Void> activate = initial == DoctorStatus.APPROVED
                ? mongo.updateFirst(byId(event.doctorId()).addCriteria(Criteria.where("status").is(DoctorStatus.PENDING)),
                        new Update().set("status", DoctorStatus.APPROVED), Doctor.class).then()
                : Mono.empty();
        return upsert.then(activate);
    }

    private Mono<Void> decided(String doctorId, DoctorStatus status, Update update) {
        return mongo.upsert(byId(doctorId), update.set("status", status).set("updatedAt", clock.instant()), Doctor.class).then();
    }

    private Mono<Void> renamed(String userId, String name) {
        Update rename = new Update().set("name", name).set("updatedAt", clock.instant());
        return mongo.updateFirst(byId(userId), rename, Doctor.class)
                .then(mongo.updateFirst(byId(userId), rename, Patient.class))
                .then();
    }

    /**
     * Checks that {@code caller} may publish slots: realm role {@code doctor} on the token, and not REJECTED here.
     * A doctor unknown or PENDING here is recorded as APPROVED on the token's word (the approval event is on its way).
     *
     * @return the caller's projection entry, approved
     */
    public Mono<Doctor> requireMayPublish(CurrentUser caller) {
        if (!caller.hasRole(CurrentUser.DOCTOR)) {
            return Mono.error(() -> new ForbiddenException("role-required", "This action needs the role doctor."));
        }
        Query notRejected = byId(caller.id()).addCriteria(Criteria.where("status").ne(DoctorStatus.REJECTED));
        Update approve = new Update().set("status", DoctorStatus.APPROVED)
                .setOnInsert("name", caller.name())
                .set("updatedAt", clock.instant());
        return mongo.findAndModify(notRejected, approve,
                        org.springframework.data.mongodb.core.FindAndModifyOptions.options().upsert(true).returnNew(true), Doctor.class)
                // the doctor exists but is REJECTED: the upsert collides with the existing _id
                .onErrorMap(DuplicateKeyException.class, e -> notApproved())
                .switchIfEmpty(Mono.error(IdentityProjection::notApproved));
    }

    private static ForbiddenException notApproved() {
        return new ForbiddenException("doctor-not-approved",
                "Your doctor account is not approved, so you cannot publish slots.");
    }

    /** Fails with 409 unless the doctor is APPROVED in the projection. */
    public Mono<Doctor> requireApprovedDoctor(String doctorId) {
        return mongo.findById(doctorId, Doctor.class)
                .filter(Doctor::approved)
                .switchIfEmpty(Mono.error(() -> new ConflictException("doctor-not-approved",
                        "The slot's doctor is not approved to take appointments.")));
    }

    /** Remembers a patient's name from their token when no identity event has named them yet. */
    public Mono<Void> rememberPatient(CurrentUser patient) {
        if (patient.name() == null) {
            return Mono.empty();
        }
        return mongo.upsert(byId(patient.id()), new Update().setOnInsert("name", patient.name())
                .setOnInsert("updatedAt", clock.instant()), Patient.class).then();
    }

    /** Display names of the given doctors, as far as known. */
    public Mono<Map<String, String>> doctorNames(Collection<String> ids) {
        return names(ids, Doctor.class, Doctor::id, Doctor::name);
    }

    /** Display names of the given patients, as far as known. */
    public Mono<Map<String, String>> patientNames(Collection<String> ids) {
        return names(ids, Patient.class, Patient::id, Patient::name);
    }

    private <T> Mono<Map<String, String>> names(Collection<String> ids, Class<T> type, Function<T, String> id,
            Function<T, String> name) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), type)
                .filter(entry -> name.apply(entry) != null)
                .collect(Collectors.toMap(id, name, (a, b) -> a));
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
