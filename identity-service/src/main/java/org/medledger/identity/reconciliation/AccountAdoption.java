package org.medledger.identity.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.identity.DoctorApproved;
import org.medledger.identity.keycloak.KeycloakUser;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.RegistrationEvents;
import org.medledger.identity.profile.Role;
import org.medledger.identity.specialization.Specializations;
import org.medledger.support.events.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives a Keycloak account that has a MedLedger role but no profile its profile, with the events a registration
 * would have published: {@code PatientRegistered}; for a doctor (who holds the doctor role, so is approved)
 * {@code DoctorRegistered} (APPROVED) and {@code DoctorApproved} by {@link #SYSTEM_ACTOR}; for an admin or auditor
 * {@code StaffAccountRegistered}, which tells notification whom to alert. Inserting is conditional on the e-mail key, so adopting
 * twice, or concurrently, creates one profile and one set of events.
 */
@Component
public class AccountAdoption {

    /** Who approved a doctor adopted from Keycloak: the system itself (the nil UUID). */
    public static final String SYSTEM_ACTOR = "00000000-0000-0000-0000-000000000000";

    private static final Logger log = LoggerFactory.getLogger(AccountAdoption.class);

    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final Specializations specializations;
    private final ReconciliationProperties properties;
    private final OutboxRelay outboxRelay;
    private final Clock clock;

    AccountAdoption(ReactiveMongoTemplate mongo, EventCodec codec, Specializations specializations,
            ReconciliationProperties properties, OutboxRelay outboxRelay, Clock clock) {
        this.mongo = mongo;
        this.codec = codec;
        this.specializations = specializations;
        this.properties = properties;
        this.outboxRelay = outboxRelay;
        this.clock = clock;
    }

    /**
     * Adopts {@code user} holding {@code realmRoles}.
     *
     * @return the new profile; empty when the user holds no MedLedger role, has no e-mail address, or a profile
     *     for the address exists already
     */
    public Mono<Profile> adopt(KeycloakUser user, Set<String> realmRoles) {
        Optional<Role> primary = Role.primaryOf(realmRoles);
        if (primary.isEmpty()) {
            return Mono.empty();
        }
        if (user.email() == null || user.email().isBlank()) {
            log.info("Keycloak user {} holds a MedLedger role but has no e-mail address; not adopted", user.id());
            return Mono.empty();
        }
        Role role = primary.get();
        return specializationOf(user, role).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(specialization -> insert(user, role, specialization.orElse(null)))
                .doOnNext(profile -> {
                    outboxRelay.nudge();
                    log.info("Adopted Keycloak user {} as {}", profile.userId(), profile.role());
                });
    }

    private Mono<String> specializationOf(KeycloakUser user, Role role) {
        if (role != Role.DOCTOR) {
            return Mono.empty();
        }
        String configured = user.username() == null ? null : properties.specializations().get(user.username());
        if (configured == null) {
            return Mono.just(properties.defaultSpecialization());
        }
        return specializations.exists(configured).map(known -> known ? configured : properties.defaultSpecialization());
    }

    private Mono<Profile> insert(KeycloakUser user, Role role, String specialization) {
        Instant now = clock.instant();
        String name = user.displayName();
        String email = Profile.emailKey(user.email());
        ProfileStatus status = role == Role.DOCTOR ? ProfileStatus.APPROVED : ProfileStatus.ACTIVE;
        List<OutgoingEvent> events = new ArrayList<>();
        events.add(codec.prepare(RegistrationEvents.registered(user.id(), role, name, email, specialization, status)));
        Profile.Decision decision = null;
        if (role == Role.DOCTOR) {
            decision = new Profile.Decision(SYSTEM_ACTOR, now, null);
            events.add(codec.prepare(new DoctorApproved(user.id(), name, specialization, SYSTEM_ACTOR)));
        }
        Profile profile = new Profile(email, user.id(), email, name, Profile.nameKey(name), role, status, null, null, null,
                null, specialization, null, decision, now, now, events);
        return mongo.insert(profile).onErrorResume(DuplicateKeyException.class, e -> Mono.empty());
    }
}
