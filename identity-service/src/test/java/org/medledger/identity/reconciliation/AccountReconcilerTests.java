package org.medledger.identity.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.identity.IdentityApi.freshEmail;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medledger.events.Topics;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.identity.TopicProbe;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

@IdentityServiceTest
class AccountReconcilerTests {

    private static final String PATIENT_REGISTERED = "org.medledger.identity.patient-registered.v1";
    private static final String DOCTOR_REGISTERED = "org.medledger.identity.doctor-registered.v1";
    private static final String STAFF_REGISTERED = "org.medledger.identity.staff-account-registered.v1";
    private static final String DOCTOR_APPROVED = "org.medledger.identity.doctor-approved.v1";

    @Autowired
    AccountReconciler reconciler;
    @Autowired
    AccountAdoption adoption;
    @Autowired
    FakeKeycloakUsers keycloak;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;

    @AfterEach
    void reset() {
        keycloak.down(false);
    }

    @Test
    void reconcile_accountsMadeInKeycloak_profilesByRoleWithEventsAndDemoSpecializations() {
        String admin = keycloak.addExisting("admin-" + suffix(), freshEmail("admin"), "Ada", "Admin", "admin");
        String auditor = keycloak.addExisting("auditor-" + suffix(), freshEmail("auditor"), "Aude", "Auditor", "auditor");
        String doctor1 = keycloak.addExisting("doctor1", freshEmail("doctor1"), "Dana", "Doctor", "doctor");
        String otherDoctor = keycloak.addExisting("drwho-" + suffix(), freshEmail("drwho"), "Who", "Who", "doctor");
        String patient = keycloak.addExisting("patient-" + suffix(), freshEmail("patient"), "Paula", "Patient", "patient");
        String noRole = keycloak.addExisting("visitor-" + suffix(), freshEmail("visitor"), "Vic", "Visitor");
        String noEmail = keycloak.addExisting("mailless-" + suffix(), null, "Mo", "Mailless", "patient");

        assertThat(reconciler.reconcile().block()).isGreaterThanOrEqualTo(5);

        assertThat(profileOf(admin)).satisfies(p -> {
            assertThat(p.role()).isEqualTo(Role.ADMIN);
            assertThat(p.status()).isEqualTo(ProfileStatus.ACTIVE);
            assertThat(p.name()).isEqualTo("Ada Admin");
        });
        assertThat(profileOf(auditor).role()).isEqualTo(Role.AUDITOR);
        assertThat(profileOf(patient).role()).isEqualTo(Role.PATIENT);
        assertThat(profileOf(doctor1)).satisfies(p -> {
            assertThat(p.role()).isEqualTo(Role.DOCTOR);
            assertThat(p.status()).isEqualTo(ProfileStatus.APPROVED);
            assertThat(p.specialization()).isEqualTo("cardiology");
            assertThat(p.decision().by()).isEqualTo(AccountAdoption.SYSTEM_ACTOR);
        });
        assertThat(profileOf(otherDoctor)).satisfies(p -> {
            assertThat(p.specialization()).isEqualTo("general-practice");
            assertThat(p.name()).isEqualTo("Who"); // a one-word name stored in both Keycloak fields shows once
        });
        assertThat(profileOf(noRole)).isNull();
        assertThat(profileOf(noEmail)).isNull();

        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            String registered = new String(probe.await(TopicProbe.event(DOCTOR_REGISTERED, doctor1), 1).getFirst().getData().toBytes());
            assertThat(registered).contains("\"specialization\":\"cardiology\"", "\"status\":\"APPROVED\"");
            String approved = new String(probe.await(TopicProbe.event(DOCTOR_APPROVED, doctor1), 1).getFirst().getData().toBytes());
            assertThat(approved).contains("\"specialization\":\"cardiology\"", "\"approvedBy\":\"" + AccountAdoption.SYSTEM_ACTOR + "\"");
            assertThat(new String(probe.await(TopicProbe.event(STAFF_REGISTERED, admin), 1).getFirst().getData().toBytes()))
                    .contains("\"role\":\"ADMIN\"", "\"name\":\"Ada Admin\"");
            assertThat(new String(probe.await(TopicProbe.event(STAFF_REGISTERED, auditor), 1).getFirst().getData().toBytes()))
                    .contains("\"role\":\"AUDITOR\"");
            probe.await(TopicProbe.event(PATIENT_REGISTERED, patient), 1);
        }
    }

    @Test
    void reconcile_again_adoptsNothingAndPublishesNoDuplicates() {
        String doctor = keycloak.addExisting("drtwice-" + suffix(), freshEmail("twice"), "Tara", "Twice", "doctor");
        reconciler.reconcile().block();

        assertThat(reconciler.reconcile().block()).isZero();
        assertThat(reconciler.reconcile().block()).isZero();

        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            probe.await(TopicProbe.event(DOCTOR_APPROVED, doctor), 1);
            assertThat(probe.drain(TopicProbe.event(DOCTOR_REGISTERED, doctor), Duration.ofMillis(800))).hasSize(1);
            assertThat(probe.drain(TopicProbe.event(DOCTOR_APPROVED, doctor), Duration.ofMillis(100))).hasSize(1);
        }
        assertThat(mongo.count(Query.query(Criteria.where("userId").is(doctor)), Profile.class).block()).isEqualTo(1);
    }

    @Test
    void adopt_concurrentlyTwice_oneProfile() {
        String email = freshEmail("concurrent");
        String id = keycloak.addExisting("concurrent-" + suffix(), email, "Con", "Current", "patient");
        var user = keycloak.findById(id).block();

        reactor.core.publisher.Flux.range(0, 4)
                .flatMap(i -> adoption.adopt(user, java.util.Set.of("patient")))
                .collectList()
                .block();

        assertThat(mongo.count(Query.query(Criteria.where("userId").is(id)), Profile.class).block()).isEqualTo(1);
    }

    @Test
    void reconciler_startedWhileKeycloakIsDown_keepsRetryingInTheBackgroundAndAdoptsOnceUp() {
        String late = keycloak.addExisting("late-" + suffix(), freshEmail("late"), "Lou", "Late", "patient");
        keycloak.down(true);
        AccountReconciler background = new AccountReconciler(keycloak, adoption, mongo, new ReconciliationProperties(true,
                Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(100), "general-practice", Map.of()));
        try {
            background.start(); // returns at once: start-up is not held up

            assertThat(background.isRunning()).isTrue();
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> profileOf(late) == null);
            keycloak.down(false);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> profileOf(late) != null);
        } finally {
            background.stop();
        }
    }

    private Profile profileOf(String userId) {
        return mongo.findOne(Query.query(Criteria.where("userId").is(userId)), Profile.class).block();
    }

    private static String suffix() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
