package org.medledger.identity.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.identity.IdentityApi.freshEmail;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.Topics;
import org.medledger.identity.IdentityApi;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.identity.TopicProbe;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Profiles;
import org.medledger.identity.specialization.Specializations;
import org.medledger.support.events.OutboxRelay;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import reactor.core.publisher.Mono;

/**
 * Keycloak accepted the user, then MongoDB failed while the profile was being completed: the attempt fails (503 at
 * the web layer), and a retry of the same registration converges on one Keycloak user with its profile, leaving no
 * orphan account behind.
 */
@IdentityServiceTest
class RegistrationDatabaseFailureTests {

    private static final String PATIENT_REGISTERED = "org.medledger.identity.patient-registered.v1";

    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    RegistrationProperties properties;
    @Autowired
    Clock clock;
    @Autowired
    FakeKeycloakUsers keycloak;
    @Autowired
    Specializations specializations;
    @Autowired
    Profiles profiles;
    @Autowired
    EventCodec codec;
    @Autowired
    OutboxRelay outboxRelay;
    @Autowired
    Registrations registrations;
    @Autowired
    EmbeddedKafkaBroker broker;

    /** The claims store, with the database failing once at the chosen step. */
    FailingClaims claims;
    Registrations failingOnce;

    @BeforeEach
    void setUp() {
        claims = new FailingClaims(mongo, properties, clock);
        failingOnce = new Registrations(claims, keycloak, specializations, profiles, codec, outboxRelay, properties);
    }

    @Test
    void profileCompletionFails_afterKeycloakAcceptedTheUser_retryConvergesOnOneUserWithProfile() {
        String email = freshEmail("complete-fails");
        claims.failComplete.set(true);

        assertThatThrownBy(() -> failingOnce.register(patient(email)).block())
                .isInstanceOf(DataAccessResourceFailureException.class);
        // Keycloak holds a full account (password, role), the profile store only the released claim pointing at it
        var firstAttempt = keycloak.usersWithEmail(email);
        assertThat(firstAttempt).singleElement().satisfies(user -> assertThat(user.roles()).containsExactly("patient"));
        Profile claim = profile(email);
        assertThat(claim.status()).isEqualTo(ProfileStatus.PENDING_KEYCLOAK);
        assertThat(claim.registration().attempt()).isNull();
        assertThat(claim.registration().keycloakId()).isEqualTo(firstAttempt.getFirst().id());

        Profile registered = registrations.register(patient(email)).block();

        assertConvergedOnOneUser(email, registered, firstAttempt.getFirst().id());
    }

    @Test
    void recordingTheKeycloakIdFails_retryRemovesTheUnrecordedUserAndConverges() {
        String email = freshEmail("record-fails");
        claims.failRecordKeycloakId.set(true);

        assertThatThrownBy(() -> failingOnce.register(patient(email)).block())
                .isInstanceOf(DataAccessResourceFailureException.class);
        String leftover = keycloak.usersWithEmail(email).getFirst().id();
        assertThat(profile(email).registration().keycloakId()).isNull();

        Profile registered = registrations.register(patient(email)).block();

        assertConvergedOnOneUser(email, registered, leftover);
    }

    private void assertConvergedOnOneUser(String email, Profile registered, String leftover) {
        assertThat(registered.status()).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(registered.userId()).isNotEqualTo(leftover);
        assertThat(keycloak.user(leftover)).isEmpty();
        assertThat(keycloak.usersWithEmail(email)).singleElement().satisfies(user -> {
            assertThat(user.id()).isEqualTo(registered.userId());
            assertThat(user.hasPassword()).isTrue();
            assertThat(user.roles()).containsExactly("patient");
        });
        Profile stored = profile(email);
        assertThat(stored.userId()).isEqualTo(registered.userId());
        assertThat(stored.registration()).isNull();
        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            probe.await(TopicProbe.event(PATIENT_REGISTERED, registered.userId()), 1);
            assertThat(probe.drain(TopicProbe.event(PATIENT_REGISTERED, leftover), Duration.ofMillis(300))).isEmpty();
        }
    }

    private Profile profile(String email) {
        return mongo.findById(Profile.emailKey(email), Profile.class).block();
    }

    private static PatientRegistration patient(String email) {
        return new PatientRegistration("Paula Patient", email, IdentityApi.GOOD_PASSWORD, "female",
                "1 Main Street, Springfield", LocalDate.of(1990, 4, 21), "+44 20 7946 0000");
    }

    /** Fails the chosen write once, as a MongoDB outage surfaces through Spring Data. */
    static final class FailingClaims extends RegistrationClaims {

        final AtomicBoolean failRecordKeycloakId = new AtomicBoolean();
        final AtomicBoolean failComplete = new AtomicBoolean();

        FailingClaims(ReactiveMongoTemplate mongo, RegistrationProperties properties, Clock clock) {
            super(mongo, properties, clock);
        }

        @Override
        Mono<Void> recordKeycloakId(Claim claim, String keycloakId) {
            return failRecordKeycloakId.getAndSet(false) ? Mono.error(outage()) : super.recordKeycloakId(claim, keycloakId);
        }

        @Override
        Mono<Profile> complete(Claim claim, String userId, ProfileStatus status, OutgoingEvent event) {
            return failComplete.getAndSet(false) ? Mono.error(outage()) : super.complete(claim, userId, status, event);
        }

        private static DataAccessResourceFailureException outage() {
            return new DataAccessResourceFailureException("Timed out while waiting for a server");
        }
    }
}
