package org.medledger.identity.doctor;

import java.time.Clock;
import java.time.Instant;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.identity.DoctorApproved;
import org.medledger.events.identity.DoctorRejected;
import org.medledger.identity.keycloak.Failures;
import org.medledger.identity.keycloak.KeycloakMissingUserException;
import org.medledger.identity.keycloak.KeycloakUnavailableException;
import org.medledger.identity.keycloak.KeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Profiles;
import org.medledger.identity.profile.Role;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.ForbiddenException;
import org.medledger.support.web.MedLedgerException;
import org.medledger.support.web.NotFoundException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * An admin's decision on a pending doctor. Approval grants the realm role {@code doctor} in Keycloak first (so a
 * failure there changes nothing here, and granting twice is harmless), then moves the profile from PENDING to
 * APPROVED with {@code DoctorApproved} in one conditional write. If that write fails (the database is unreachable),
 * the grant is revoked again (best effort) and the answer is 503, so a PENDING doctor does not keep the role; approving
 * an APPROVED doctor grants the role again, so a retry converges even when the revoked write had in fact succeeded.
 * Rejection moves PENDING to REJECTED with
 * {@code DoctorRejected}. Deciding again as before answers the current state; the opposite decision is a conflict.
 * Admins do not decide on their own doctor account.
 */
@Service
public class DoctorApprovals {

    private static final Logger log = LoggerFactory.getLogger(DoctorApprovals.class);

    private final ReactiveMongoTemplate mongo;
    private final Profiles profiles;
    private final KeycloakUsers keycloak;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final Clock clock;

    DoctorApprovals(ReactiveMongoTemplate mongo, Profiles profiles, KeycloakUsers keycloak, EventCodec codec,
            OutboxRelay outboxRelay, Clock clock) {
        this.mongo = mongo;
        this.profiles = profiles;
        this.keycloak = keycloak;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.clock = clock;
    }

    /** Approves {@code doctorId}; returns the doctor's profile, APPROVED. */
    public Mono<Profile> approve(String doctorId, CurrentUser admin) {
        return doctor(doctorId, admin).flatMap(doctor -> switch (doctor.status()) {
            case APPROVED -> grantDoctorRole(doctorId).thenReturn(doctor);
            case REJECTED -> Mono.error(new ConflictException("doctor-rejected", "The doctor was rejected; a rejection is final."));
            default -> grantDoctorRole(doctorId)
                    .then(decide(doctor, ProfileStatus.APPROVED, admin, null,
                            new DoctorApproved(doctorId, doctor.name(), doctor.specialization(), admin.id()))
                            .onErrorResume(e -> !(e instanceof MedLedgerException), e -> approvalNotRecorded(doctorId, e)))
                    .doOnNext(approved -> log.info("Doctor {} approved by {}", doctorId, admin.id()));
        });
    }

    /** Grants the realm role {@code doctor}; idempotent. */
    private Mono<Void> grantDoctorRole(String doctorId) {
        return keycloak.grantRealmRole(doctorId, Role.DOCTOR.realmRole())
                .onErrorMap(KeycloakUnavailableException.class, DoctorApprovals::unavailable)
                .onErrorMap(KeycloakMissingUserException.class, e -> new ConflictException("doctor-account-missing",
                        "The doctor's account no longer exists in the identity provider."));
    }

    /** The role was granted but the approval could not be written: take the role back, the doctor stays PENDING. */
    private Mono<Profile> approvalNotRecorded(String doctorId, Throwable failure) {
        log.warn("Approval of doctor {} could not be recorded ({}); revoking the doctor role", doctorId,
                Failures.describe(failure));
        return keycloak.revokeRealmRole(doctorId, Role.DOCTOR.realmRole())
                .onErrorResume(e -> {
                    log.error("Doctor {} is PENDING but still holds the doctor role; approving again fixes it: {}",
                            doctorId, Failures.describe(e));
                    return Mono.empty();
                })
                .then(Mono.error(new ServiceUnavailableException("approval-not-recorded",
                        "The approval could not be recorded; the doctor was not approved. Try again in a minute.")));
    }

    /** Rejects {@code doctorId} for {@code reason}; returns the doctor's profile, REJECTED. */
    public Mono<Profile> reject(String doctorId, String reason, CurrentUser admin) {
        String trimmed = reason.trim();
        return doctor(doctorId, admin).flatMap(doctor -> switch (doctor.status()) {
            case REJECTED -> Mono.just(doctor);
            case APPROVED -> Mono.error(new ConflictException("doctor-approved", "The doctor is approved already."));
            default -> decide(doctor, ProfileStatus.REJECTED, admin, trimmed, new DoctorRejected(doctorId, trimmed, admin.id()))
                    .doOnNext(rejected -> log.info("Doctor {} rejected by {}", doctorId, admin.id()));
        });
    }

    private Mono<Profile> doctor(String doctorId, CurrentUser admin) {
        if (doctorId.equals(admin.id())) {
            return Mono.error(new ForbiddenException("own-account", "Admins do not decide on their own doctor account."));
        }
        return profiles.byUserId(doctorId)
                .filter(profile -> profile.role() == Role.DOCTOR)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("doctor-not-found", "There is no such doctor.")));
    }

    /** PENDING → {@code to}, with the event, in one write; a concurrent decision is resolved by re-reading. */
    private Mono<Profile> decide(Profile doctor, ProfileStatus to, CurrentUser admin, String reason,
            DomainEvent event) {
        Instant now = clock.instant();
        Query pending = Query.query(Criteria.where(Profile.Fields.USER_ID).is(doctor.userId())
                .and(Profile.Fields.STATUS).is(ProfileStatus.PENDING));
        Update update = new Update()
                .set(Profile.Fields.STATUS, to)
                .set(Profile.Fields.DECISION, new Profile.Decision(admin.id(), now, reason))
                .set(Profile.Fields.UPDATED_AT, now)
                .push(Profile.Fields.OUTBOX, codec.prepare(event));
        return mongo.findAndModify(pending, update, FindAndModifyOptions.options().returnNew(true), Profile.class)
                .doOnNext(decided -> outboxRelay.nudge())
                .switchIfEmpty(Mono.defer(() -> profiles.byUserId(doctor.userId())
                        .flatMap(now2 -> now2.status() == to ? Mono.just(now2) : concurrentDecision(now2, to))));
    }

    /**
     * Another admin decided otherwise in the meantime. If that was a rejection while this approval granted the role,
     * the grant is undone so a rejected doctor never holds it.
     */
    private Mono<Profile> concurrentDecision(Profile current, ProfileStatus wanted) {
        Mono<Void> undo = wanted == ProfileStatus.APPROVED && current.status() == ProfileStatus.REJECTED
                ? keycloak.revokeRealmRole(current.userId(), Role.DOCTOR.realmRole()).onErrorResume(e -> {
                    log.error("Doctor {} was rejected while being approved and still holds the doctor role: {}",
                            current.userId(), Failures.describe(e));
                    return Mono.empty();
                })
                : Mono.empty();
        return undo.then(Mono.error(new ConflictException("doctor-decided",
                "Another admin decided on this doctor meanwhile: " + current.status() + ".")));
    }

    private static ServiceUnavailableException unavailable(Throwable cause) {
        return new ServiceUnavailableException("identity-provider-unavailable",
                "The identity provider is unavailable; the doctor was not approved. Try again in a minute.");
    }
}
