package org.medledger.identity.me;

import java.time.Clock;
import java.time.Instant;
import org.medledger.events.EventCodec;
import org.medledger.events.identity.ProfileUpdated;
import org.medledger.identity.keycloak.KeycloakMissingUserException;
import org.medledger.identity.keycloak.KeycloakRejectedException;
import org.medledger.identity.keycloak.KeycloakUnavailableException;
import org.medledger.identity.keycloak.KeycloakUser;
import org.medledger.identity.keycloak.KeycloakUsers;
import org.medledger.identity.profile.Gender;
import org.medledger.identity.profile.PersonName;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileConstraints;
import org.medledger.identity.profile.Profiles;
import org.medledger.identity.reconciliation.AccountAdoption;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.InvalidRequestException;
import org.medledger.support.web.NotFoundException;
import org.medledger.support.web.ServiceUnavailableException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reads and edits the caller's own profile. */
@Service
public class MyProfile {

    private final Profiles profiles;
    private final AccountAdoption adoption;
    private final KeycloakUsers keycloak;
    private final ReactiveMongoTemplate mongo;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final Clock clock;

    MyProfile(Profiles profiles, AccountAdoption adoption, KeycloakUsers keycloak, ReactiveMongoTemplate mongo,
            EventCodec codec, OutboxRelay outboxRelay, Clock clock) {
        this.profiles = profiles;
        this.adoption = adoption;
        this.keycloak = keycloak;
        this.mongo = mongo;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.clock = clock;
    }

    /**
     * The caller's profile; adopted from the token when the account holds a MedLedger role and has none yet.
     *
     * @throws NotFoundException (as the error signal) when the caller has no MedLedger role and no profile
     */
    public Mono<Profile> of(CurrentUser caller, Jwt token) {
        return profiles.byUserId(caller.id())
                .switchIfEmpty(Mono.defer(() -> adoption.adopt(new KeycloakUser(caller.id(),
                                token.getClaimAsString("preferred_username"), caller.email(),
                                token.getClaimAsString("given_name"), token.getClaimAsString("family_name"), true, null),
                        caller.roles())))
                // adopted concurrently (or by the reconciler) between the read and the insert
                .switchIfEmpty(Mono.defer(() -> profiles.byUserId(caller.id())))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("profile-not-found",
                        "There is no MedLedger profile for this account.")));
    }

    /**
     * Applies {@code changes} to the caller's profile, renaming the Keycloak user first when the name changes (so
     * the next tokens carry it), and publishes {@code ProfileUpdated}.
     */
    public Mono<Profile> update(CurrentUser caller, Jwt token, ProfileChanges changes) {
        if (!changes.refused().isEmpty()) {
            return Mono.error(new InvalidRequestException("field-not-editable",
                    "Only name, phone, address, gender and dateOfBirth can be changed here; the e-mail address, "
                            + "specialization, role and status cannot."));
        }
        if (changes.isEmpty()) {
            return Mono.error(new InvalidRequestException("nothing-to-change",
                    "Give at least one of name, phone, address, gender, dateOfBirth."));
        }
        return of(caller, token).flatMap(current -> {
            String name = changes.name() == null ? current.name() : PersonName.normalize(changes.name());
            Mono<Void> rename = name.equals(current.name()) ? Mono.empty() : renameInKeycloak(current.userId(), name);
            Instant now = clock.instant();
            Update update = new Update()
                    .set(Profile.Fields.NAME, name)
                    .set(Profile.Fields.NAME_KEY, Profile.nameKey(name))
                    .set(Profile.Fields.UPDATED_AT, now)
                    .push(Profile.Fields.OUTBOX, codec.prepare(new ProfileUpdated(current.userId(), name, current.email())));
            if (changes.phone() != null) {
                update.set(Profile.Fields.PHONE, ProfileConstraints.normalizePhone(changes.phone()));
            }
            if (changes.address() != null) {
                update.set(Profile.Fields.ADDRESS, ProfileConstraints.normalizeAddress(changes.address()));
            }
            if (changes.gender() != null) {
                update.set(Profile.Fields.GENDER, Gender.parse(changes.gender()));
            }
            if (changes.dateOfBirth() != null) {
                update.set(Profile.Fields.DATE_OF_BIRTH, changes.dateOfBirth().toString());
            }
            return rename.then(mongo.findAndModify(Profiles.userQuery(current.userId()), update,
                            FindAndModifyOptions.options().returnNew(true), Profile.class))
                    .doOnNext(updated -> outboxRelay.nudge());
        });
    }

    private Mono<Void> renameInKeycloak(String userId, String name) {
        PersonName split = PersonName.of(name);
        return keycloak.rename(userId, split.firstName(), split.lastName())
                .onErrorMap(KeycloakRejectedException.class, e -> new InvalidRequestException("name-rejected",
                        "The identity provider refused the name: " + e.reason()))
                .onErrorMap(e -> e instanceof KeycloakUnavailableException || e instanceof KeycloakMissingUserException,
                        e -> new ServiceUnavailableException("identity-provider-unavailable",
                                "The identity provider is unavailable; nothing was changed. Try again in a minute."));
    }
}
