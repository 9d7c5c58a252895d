package org.medledger.identity.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.medledger.events.OutgoingEvent;
import org.medledger.identity.profile.Gender;
import org.medledger.identity.profile.PersonName;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileConstraints;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.support.web.ConflictException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code PENDING_KEYCLOAK} profile as a claim on an e-mail address: at most one request works on a registration
 * at a time (it holds the claim's attempt token), every write is conditional on that token, and a claim whose
 * holder failed (released) or vanished (lease expired) is taken over by the next attempt.
 */
@Component
class RegistrationClaims {

    private static final String ATTEMPT = Profile.Fields.REGISTRATION + ".attempt";
    private static final String ATTEMPT_AT = Profile.Fields.REGISTRATION + ".attemptAt";
    private static final String STARTED_AT = Profile.Fields.REGISTRATION + ".startedAt";
    private static final String KEYCLOAK_ID = Profile.Fields.REGISTRATION + ".keycloakId";

    private final ReactiveMongoTemplate mongo;
    private final RegistrationProperties properties;
    private final Clock clock;

    RegistrationClaims(ReactiveMongoTemplate mongo, RegistrationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A claim held by one attempt.
     *
     * @param emailKey the claimed address
     * @param token the attempt's token
     * @param startedAt when the registration's first attempt began
     * @param keycloakId the Keycloak user an earlier attempt created, if it got that far
     */
    record Claim(String emailKey, String token, Instant startedAt, String keycloakId) {
    }

    /**
     * Claims {@code emailKey} for {@code request}: a fresh claim, or the takeover of a released or expired one.
     *
     * @throws ConflictException (as the error signal) when the address belongs to a registered user or another
     *     attempt is working on it
     */
    Mono<Claim> claim(String emailKey, NewUser request) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        Profile pending = new Profile(emailKey, null, emailKey, PendingFields.name(request), PendingFields.nameKey(request),
                request.role(), ProfileStatus.PENDING_KEYCLOAK, PendingFields.gender(request),
                PendingFields.address(request), request.dateOfBirth().toString(), PendingFields.phone(request),
                request.specialization(), new Profile.Registration(token, now, now, null), null, null, now, List.of());
        return mongo.insert(pending)
                .map(inserted -> new Claim(emailKey, token, now, null))
                .onErrorResume(DuplicateKeyException.class, e -> takeOver(emailKey, token, PendingFields.update(request))
                        .switchIfEmpty(Mono.defer(() -> mongo.findById(emailKey, Profile.class)
                                .flatMap(existing -> Mono.<Claim>error(existing.isRegistered() ? Registrations.emailTaken()
                                        : inProgress()))
                                .switchIfEmpty(Mono.error(RegistrationClaims::inProgress)))));
    }

    /**
     * Takes over a released or expired claim; empty when there is none to take (completed, held, or gone).
     *
     * @param fields further fields to set with the takeover (the new attempt's input)
     */
    Mono<Claim> takeOver(String emailKey, String token, Update fields) {
        Instant now = clock.instant();
        Query takeable = Query.query(Criteria.where("_id").is(emailKey)
                .and(Profile.Fields.STATUS).is(ProfileStatus.PENDING_KEYCLOAK)
                .orOperator(Criteria.where(ATTEMPT).is(null), Criteria.where(ATTEMPT_AT).lt(now.minus(properties.lease()))));
        Update update = fields.set(ATTEMPT, token).set(ATTEMPT_AT, now).set(Profile.Fields.UPDATED_AT, now);
        return mongo.findAndModify(takeable, update, FindAndModifyOptions.options().returnNew(true), Profile.class)
                .map(taken -> new Claim(emailKey, token, taken.registration().startedAt(), taken.registration().keycloakId()));
    }

    /** Records the Keycloak user this registration created, so that a later attempt or the sweep can remove it. */
    Mono<Void> recordKeycloakId(Claim claim, String keycloakId) {
        return mongo.updateFirst(held(claim), new Update().set(KEYCLOAK_ID, keycloakId), Profile.class).then();
    }

    /**
     * Completes the registration: the profile gets its Keycloak subject, its status and its event in one write.
     *
     * @return the completed profile
     * @throws ConflictException (as the error signal) when the claim was lost meanwhile
     */
    Mono<Profile> complete(Claim claim, String userId, ProfileStatus status, OutgoingEvent event) {
        Instant now = clock.instant();
        Update update = new Update()
                .set(Profile.Fields.USER_ID, userId)
                .set(Profile.Fields.STATUS, status)
                .set(Profile.Fields.REGISTERED_AT, now)
                .set(Profile.Fields.UPDATED_AT, now)
                .unset(Profile.Fields.REGISTRATION)
                .push(Profile.Fields.OUTBOX, event);
        return mongo.findAndModify(held(claim), update, FindAndModifyOptions.options().returnNew(true), Profile.class)
                .switchIfEmpty(Mono.error(RegistrationClaims::inProgress));
    }

    /** Gives the claim up without removing it: the next attempt (or the sweep) continues from where this one stopped. */
    Mono<Void> release(Claim claim) {
        return mongo.updateFirst(held(claim), new Update().unset(ATTEMPT).unset(ATTEMPT_AT), Profile.class).then();
    }

    /** Removes the claim: the address is free again. */
    Mono<Void> drop(Claim claim) {
        return mongo.remove(held(claim), Profile.class).then();
    }

    /** Pending registrations older than {@code abandonAfter} that nobody is working on. */
    Flux<Profile> abandoned() {
        Instant now = clock.instant();
        Query query = Query.query(Criteria.where(Profile.Fields.STATUS).is(ProfileStatus.PENDING_KEYCLOAK)
                .and(STARTED_AT).lt(now.minus(properties.abandonAfter()))
                .orOperator(Criteria.where(ATTEMPT).is(null), Criteria.where(ATTEMPT_AT).lt(now.minus(properties.lease()))))
                .limit(100);
        return mongo.find(query, Profile.class);
    }

    private static Query held(Claim claim) {
        return Query.query(Criteria.where("_id").is(claim.emailKey())
                .and(Profile.Fields.STATUS).is(ProfileStatus.PENDING_KEYCLOAK)
                .and(ATTEMPT).is(claim.token()));
    }

    static ConflictException inProgress() {
        return new ConflictException("registration-in-progress",
                "A registration for this e-mail address is in progress; try again in a minute.");
    }

    /** The input fields of a registration, normalized as profiles store them. */
    static final class PendingFields {

        private PendingFields() {
        }

        static String name(NewUser request) {
            return PersonName.normalize(request.name());
        }

        static String nameKey(NewUser request) {
            return Profile.nameKey(name(request));
        }

        static Gender gender(NewUser request) {
            return Gender.parse(request.gender());
        }

        static String address(NewUser request) {
            return ProfileConstraints.normalizeAddress(request.address());
        }

        static String phone(NewUser request) {
            return ProfileConstraints.normalizePhone(request.phone());
        }

        static Update update(NewUser request) {
            Update update = new Update()
                    .set(Profile.Fields.NAME, name(request))
                    .set(Profile.Fields.NAME_KEY, nameKey(request))
                    .set(Profile.Fields.ROLE, request.role())
                    .set(Profile.Fields.GENDER, gender(request))
                    .set(Profile.Fields.ADDRESS, address(request))
                    .set(Profile.Fields.DATE_OF_BIRTH, request.dateOfBirth().toString())
                    .set(Profile.Fields.PHONE, phone(request));
            return request.specialization() == null ? update.unset(Profile.Fields.SPECIALIZATION)
                    : update.set(Profile.Fields.SPECIALIZATION, request.specialization());
        }
    }
}
