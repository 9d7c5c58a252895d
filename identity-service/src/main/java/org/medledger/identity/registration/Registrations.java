package org.medledger.identity.registration;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.medledger.events.EventCodec;
import org.medledger.identity.keycloak.Failures;
import org.medledger.identity.keycloak.KeycloakConflictException;
import org.medledger.identity.keycloak.KeycloakMissingUserException;
import org.medledger.identity.keycloak.KeycloakRejectedException;
import org.medledger.identity.keycloak.KeycloakUnavailableException;
import org.medledger.identity.keycloak.KeycloakUser;
import org.medledger.identity.keycloak.KeycloakUsers;
import org.medledger.identity.keycloak.NewKeycloakUser;
import org.medledger.identity.profile.PersonName;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Profiles;
import org.medledger.identity.profile.RegistrationEvents;
import org.medledger.identity.profile.Role;
import org.medledger.identity.registration.RegistrationClaims.Claim;
import org.medledger.identity.specialization.Specializations;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.InvalidRequestException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Registers patients and doctors: Keycloak holds the account and the password, the profile store everything else.
 *
 * <p>The steps, each safe to repeat:
 * <ol>
 *   <li>Refuse an address a registered profile holds, and one Keycloak knows for another account (this call also
 *   tells whether Keycloak is up: if not, the answer is 503 and nothing was written).</li>
 *   <li>Claim the address ({@link RegistrationClaims}): a pending profile keyed by the lower-cased address, so two
 *   registrations of one address, whatever their case, cannot both proceed.</li>
 *   <li>Remove what an earlier failed attempt of this registration left in Keycloak, then create the Keycloak user
 *   (no password, no role) and record its id in the claim.</li>
 *   <li>Set the password: Keycloak's password policy decides; a refusal removes the user and the claim and answers
 *   400 with Keycloak's reason.</li>
 *   <li>Grant the {@code patient} role (doctors get theirs on approval), then complete the profile together with
 *   its {@code PatientRegistered} or {@code DoctorRegistered} event in one write.</li>
 * </ol>
 * A failure after the claim releases it and keeps the Keycloak user's id, so a retry converges and
 * {@link AbandonedRegistrations} removes what nobody retries. A Keycloak user counts as this registration's own
 * leftover only if its id was recorded, or if its username is the address, it was created after the registration
 * began and it holds no MedLedger role but {@code patient}: an account someone else made is never removed.
 */
@Service
public class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);
    /** Roles a registration may have granted; a Keycloak user holding any other MedLedger role is never ours. */
    private static final Set<String> GRANTABLE_AT_REGISTRATION = Set.of(Role.PATIENT.realmRole());

    private final RegistrationClaims claims;
    private final KeycloakUsers keycloak;
    private final Specializations specializations;
    private final Profiles profiles;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final RegistrationProperties properties;

    Registrations(RegistrationClaims claims, KeycloakUsers keycloak, Specializations specializations,
            Profiles profiles, EventCodec codec, OutboxRelay outboxRelay,
            RegistrationProperties properties) {
        this.claims = claims;
        this.keycloak = keycloak;
        this.specializations = specializations;
        this.profiles = profiles;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.properties = properties;
    }

    /**
     * Registers a patient or a doctor.
     *
     * @return the completed profile: status ACTIVE for patients, PENDING for doctors
     */
    public Mono<Profile> register(NewUser request) {
        String emailKey = Profile.emailKey(request.email());
        return requireKnownSpecialization(request)
                .then(profiles.byEmail(emailKey))
                .flatMap(existing -> existing.isRegistered() ? Mono.error(emailTaken()) : Mono.empty())
                .then(keycloak.findByEmail(emailKey).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .onErrorMap(KeycloakUnavailableException.class, Registrations::unavailable)
                .flatMap(known -> claims.claim(emailKey, request)
                        .flatMap(claim -> attempt(claim, request, known.orElse(null))))
                .doOnNext(profile -> {
                    outboxRelay.nudge();
                    log.info("Registered user {} as {} ({})", profile.userId(), profile.role(), profile.status());
                });
    }

    private Mono<Void> requireKnownSpecialization(NewUser request) {
        if (request.role() != Role.DOCTOR) {
            return Mono.empty();
        }
        return specializations.exists(request.specialization())
                .flatMap(known -> known ? Mono.<Void>empty() : Mono.error(new InvalidRequestException(
                        "unknown-specialization",
                        "The specialization is not on the list; see GET /api/identity/specializations.")));
    }

    private Mono<Profile> attempt(Claim claim, NewUser request, KeycloakUser known) {
        AtomicReference<String> created = new AtomicReference<>();
        PersonName name = PersonName.of(request.name());
        NewKeycloakUser user = new NewKeycloakUser(claim.emailKey(), name.firstName(), name.lastName());
        ProfileStatus status = request.role() == Role.DOCTOR ? ProfileStatus.PENDING : ProfileStatus.ACTIVE;
        return removeLeftovers(claim, known)
                .then(createUser(claim, user))
                .flatMap(id -> {
                    created.set(id);
                    return claims.recordKeycloakId(claim, id).thenReturn(id);
                })
                .flatMap(id -> keycloak.setPassword(id, request.password()).thenReturn(id))
                .flatMap(id -> request.role() == Role.PATIENT
                        ? keycloak.grantRealmRole(id, Role.PATIENT.realmRole()).thenReturn(id)
                        : Mono.just(id))
                .flatMap(id -> claims.complete(claim, id, status, codec.prepare(RegistrationEvents.registered(id,
                        request.role(), PersonName.normalize(request.name()), claim.emailKey(), request.specialization(),
                        status))))
                .onErrorResume(failure -> settle(claim, created.get(), failure));
    }

    /** Removes the Keycloak user an earlier attempt of this registration left; refuses anyone else's account. */
    private Mono<Void> removeLeftovers(Claim claim, KeycloakUser known) {
        Mono<Void> recorded = claim.keycloakId() == null ? Mono.empty() : keycloak.delete(claim.keycloakId());
        if (known == null || known.id().equals(claim.keycloakId())) {
            return recorded;
        }
        return recorded.then(ownLeftover(claim, known)
                .flatMap(ours -> ours ? keycloak.delete(known.id()) : Mono.error(emailTaken())));
    }

    private Mono<String> createUser(Claim claim, NewKeycloakUser user) {
        return keycloak.create(user)
                // an attempt whose answer was lost may have created it, or another account holds the address
                .onErrorResume(KeycloakConflictException.class, conflict -> keycloak.findByEmail(claim.emailKey())
                        .switchIfEmpty(Mono.error(Registrations::emailTaken))
                        .flatMap(existing -> ownLeftover(claim, existing)
                                .flatMap(ours -> ours
                                        ? keycloak.delete(existing.id()).then(keycloak.create(user))
                                        : Mono.error(emailTaken()))));
    }

    /** Whether {@code user} is what an earlier attempt of this registration created (see the class comment). */
    Mono<Boolean> ownLeftover(Claim claim, KeycloakUser user) {
        if (user.id().equals(claim.keycloakId())) {
            return Mono.just(true);
        }
        boolean plausible = claim.emailKey().equalsIgnoreCase(user.username())
                && user.createdAt() != null
                && !user.createdAt().isBefore(claim.startedAt().minus(properties.clockTolerance()));
        if (!plausible) {
            return Mono.just(false);
        }
        return keycloak.realmRoles(user.id())
                .map(roles -> roles.stream().filter(Role.realmRoles()::contains).allMatch(GRANTABLE_AT_REGISTRATION::contains));
    }

    /**
     * After a failed step: gives the claim up (removing it, and the Keycloak user of this attempt, when the
     * registration cannot succeed as asked) and turns the failure into the caller's answer.
     */
    private Mono<Profile> settle(Claim claim, String createdId, Throwable failure) {
        if (failure instanceof KeycloakRejectedException rejected) {
            Mono<Void> cleanup = createdId == null ? claims.drop(claim)
                    : keycloak.delete(createdId).then(claims.drop(claim));
            return cleanup
                    .onErrorResume(e -> claims.release(claim).onErrorResume(ignored -> Mono.empty()))
                    .then(Mono.error(createdId != null
                            ? new InvalidRequestException("password-rejected", rejected.reason())
                            : new InvalidRequestException("account-rejected", "The identity provider refused the account: "
                                    + rejected.reason())));
        }
        if (failure instanceof ConflictException conflict && createdId == null) {
            return claims.drop(claim).onErrorResume(e -> Mono.empty()).then(Mono.error(conflict));
        }
        Throwable answer = failure instanceof KeycloakUnavailableException || failure instanceof KeycloakMissingUserException
                ? unavailable(failure) : failure;
        if (!(failure instanceof ConflictException)) {
            log.warn("Registration attempt failed, claim released for a retry: {}", Failures.describe(failure));
        }
        return claims.release(claim).onErrorResume(e -> Mono.empty()).then(Mono.error(answer));
    }

    static ConflictException emailTaken() {
        return new ConflictException("email-taken", "An account with this e-mail address exists already.");
    }

    static ServiceUnavailableException unavailable(Throwable cause) {
        return new ServiceUnavailableException("identity-provider-unavailable",
                "The identity provider is unavailable; nothing was registered. Try again in a minute.");
    }
}
