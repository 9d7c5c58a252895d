package org.medledger.identity.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.identity.IdentityApi.freshEmail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medledger.events.Topics;
import org.medledger.identity.IdentityApi;
import org.medledger.identity.IdentityServiceTest;
import org.medledger.identity.TopicProbe;
import org.medledger.identity.keycloak.FakeKeycloakUsers.Operation;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Role;
import org.medledger.support.test.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

@IdentityServiceTest
class RegistrationApiTests {

    @Autowired
    WebTestClient client;
    @Autowired
    FakeKeycloakUsers keycloak;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    MutableClock clock;
    @Autowired
    AbandonedRegistrations abandoned;
    @Autowired
    EmbeddedKafkaBroker broker;

    IdentityApi api;

    @BeforeEach
    void setUp() {
        api = new IdentityApi(client);
    }

    @AfterEach
    void reset() {
        keycloak.down(false);
        keycloak.failNext(Operation.SET_PASSWORD, 0);
        keycloak.failNext(Operation.CREATE_ANSWER_LOST, 0);
        keycloak.failNext(Operation.GRANT_ROLE, 0);
        clock.reset();
    }

    @Test
    void patient_validRegistration_createsKeycloakUserWithPatientRoleAndActiveProfileAndPublishesPatientRegistered() {
        String email = freshEmail("paula");
        String id = api.newPatient(email);

        var users = keycloak.usersWithEmail(email);
        assertThat(users).singleElement().satisfies(user -> {
            assertThat(user.id()).isEqualTo(id);
            assertThat(user.roles()).containsExactly("patient");
            assertThat(user.hasPassword()).isTrue();
            assertThat(user.firstName()).isEqualTo("Paula");
            assertThat(user.lastName()).isEqualTo("Patient");
        });
        Profile profile = profile(email);
        assertThat(profile.userId()).isEqualTo(id);
        assertThat(profile.role()).isEqualTo(Role.PATIENT);
        assertThat(profile.status()).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(profile.phone()).isEqualTo("+442079460000");
        assertThat(profile.registration()).isNull();
        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            var events = probe.await(TopicProbe.event("org.medledger.identity.patient-registered.v1", id), 1);
            assertThat(new String(events.getFirst().getData().toBytes()))
                    .contains("\"patientId\":\"" + id + "\"", "\"name\":\"Paula Patient\"", "\"email\":\"" + email + "\"")
                    .doesNotContain(IdentityApi.GOOD_PASSWORD);
        }
    }

    @Test
    void doctor_validRegistration_pendingWithoutDoctorRoleAndDoctorRegisteredPending() {
        String email = freshEmail("dana");
        Map<?, ?> body = api.registerDoctor(IdentityApi.doctor(email, "Dana Doctor", "cardiology"))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();

        String id = (String) body.get("id");
        assertThat(body.get("status")).isEqualTo("PENDING");
        assertThat(keycloak.user(id).orElseThrow().roles()).isEmpty();
        assertThat(keycloak.user(id).orElseThrow().hasPassword()).isTrue();
        assertThat(profile(email).specialization()).isEqualTo("cardiology");
        try (TopicProbe probe = new TopicProbe(broker, Topics.IDENTITY)) {
            var events = probe.await(TopicProbe.event("org.medledger.identity.doctor-registered.v1", id), 1);
            assertThat(new String(events.getFirst().getData().toBytes())).contains("\"doctorId\":\"" + id + "\"",
                    "\"specialization\":\"cardiology\"", "\"status\":\"PENDING\"", "\"email\":\"" + email + "\"");
        }
    }

    @Test
    void registration_emailTakenInAnotherCase_409AndNoSecondKeycloakUser() {
        String email = freshEmail("case");
        api.newPatient(email);

        api.registerPatient(IdentityApi.patient(email.toUpperCase()))
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/email-taken");
        api.registerDoctor(IdentityApi.doctor(email.replace("case", "CaSe"), "Dana Doctor", "cardiology"))
                .expectStatus().isEqualTo(409);

        assertThat(keycloak.usersWithEmail(email)).hasSize(1);
    }

    @Test
    void registration_emailKnownOnlyToKeycloak_409AndTheAccountIsLeftAlone() {
        String email = freshEmail("console");
        String existing = keycloak.addExisting("console-made", email, "Conny", "Console", clock.instant().minusSeconds(3600));

        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(409);

        assertThat(keycloak.user(existing)).isPresent();
        assertThat(findProfile(email)).isNull();
    }

    @Test
    void registration_passwordRefusedByKeycloakPolicy_400WithKeycloaksReasonAndNothingLeft() {
        String email = freshEmail("weak");
        Map<String, Object> body = IdentityApi.patient(email);
        body.put("password", "short1!A");

        api.registerPatient(body)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://medledger.org/problems/password-rejected")
                .jsonPath("$.detail").isEqualTo("Invalid password: minimum length 12.")
                .consumeWith(result -> assertThat(new String(result.getResponseBody())).doesNotContain("short1!A"));

        assertThat(keycloak.usersWithEmail(email)).isEmpty();
        assertThat(findProfile(email)).isNull();
        api.newPatient(email); // the address is free again
    }

    static Stream<Arguments> invalidPatients() {
        return Stream.of(
                Arguments.of("future birth date", (Consumer<Map<String, Object>>) b -> b.put("dateOfBirth", LocalDate.now().plusDays(3).toString()), "dateOfBirth"),
                Arguments.of("birth date before 1900", (Consumer<Map<String, Object>>) b -> b.put("dateOfBirth", "1899-12-31"), "dateOfBirth"),
                Arguments.of("e-mail without domain dot", (Consumer<Map<String, Object>>) b -> b.put("email", "paula@localhost"), "email"),
                Arguments.of("e-mail without @", (Consumer<Map<String, Object>>) b -> b.put("email", "paula.example.org"), "email"),
                Arguments.of("phone with letters", (Consumer<Map<String, Object>>) b -> b.put("phone", "call me maybe"), "phone"),
                Arguments.of("phone too short", (Consumer<Map<String, Object>>) b -> b.put("phone", "12345"), "phone"),
                Arguments.of("phone too long", (Consumer<Map<String, Object>>) b -> b.put("phone", "+1234567890123456"), "phone"),
                Arguments.of("name with digits", (Consumer<Map<String, Object>>) b -> b.put("name", "R2 D2"), "name"),
                Arguments.of("name with markup", (Consumer<Map<String, Object>>) b -> b.put("name", "<script>"), "name"),
                Arguments.of("blank name", (Consumer<Map<String, Object>>) b -> b.put("name", "  "), "name"),
                Arguments.of("unknown gender", (Consumer<Map<String, Object>>) b -> b.put("gender", "robot"), "gender"),
                Arguments.of("missing address", (Consumer<Map<String, Object>>) b -> b.remove("address"), "address"),
                Arguments.of("missing password", (Consumer<Map<String, Object>>) b -> b.remove("password"), "password"),
                Arguments.of("missing birth date", (Consumer<Map<String, Object>>) b -> b.remove("dateOfBirth"), "dateOfBirth"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPatients")
    void patient_invalidInput_400NamingTheFieldAndNothingCreated(String what, Consumer<Map<String, Object>> change, String field) {
        String email = freshEmail("invalid");
        Map<String, Object> body = IdentityApi.patient(email);
        change.accept(body);

        api.registerPatient(body)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == '" + field + "')]").exists();

        assertThat(keycloak.usersWithEmail(email)).isEmpty();
    }

    @Test
    void patient_malformedBirthDate_400() {
        Map<String, Object> body = IdentityApi.patient(freshEmail("date"));
        body.put("dateOfBirth", "21/04/1990");

        api.registerPatient(body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void doctor_unknownSpecialization_400AndNothingCreated() {
        String email = freshEmail("unknown-spec");

        api.registerDoctor(IdentityApi.doctor(email, "Dana Doctor", "astrology"))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/unknown-specialization");

        assertThat(keycloak.usersWithEmail(email)).isEmpty();
        assertThat(findProfile(email)).isNull();
    }

    @Test
    void doctor_missingSpecialization_400() {
        Map<String, Object> body = IdentityApi.doctor(freshEmail("nospec"), "Dana Doctor", "cardiology");
        body.remove("specialization");

        api.registerDoctor(body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'specialization')]").exists();
    }

    @Test
    void registration_keycloakDown_503AndNothingWrittenThenRetrySucceeds() {
        String email = freshEmail("down");
        keycloak.down(true);

        api.registerPatient(IdentityApi.patient(email))
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/identity-provider-unavailable");

        assertThat(findProfile(email)).isNull();
        keycloak.down(false);
        api.newPatient(email);
        assertThat(keycloak.usersWithEmail(email)).hasSize(1);
    }

    @Test
    void registration_keycloakFailsAfterCreatingTheUser_503ThenRetryConvergesOnOneUser() {
        String email = freshEmail("half");
        keycloak.failNext(Operation.SET_PASSWORD, 1);

        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(503);

        // a half-made account: no password, no role, and a released claim pointing at it
        var leftover = keycloak.usersWithEmail(email);
        assertThat(leftover).singleElement().satisfies(user -> assertThat(user.hasPassword()).isFalse());
        Profile pending = profile(email);
        assertThat(pending.status()).isEqualTo(ProfileStatus.PENDING_KEYCLOAK);
        assertThat(pending.registration().attempt()).isNull();
        assertThat(pending.registration().keycloakId()).isEqualTo(leftover.getFirst().id());
        client.get().uri("/api/identity/doctors/{id}", leftover.getFirst().id()).exchange().expectStatus().isNotFound();

        String id = api.newPatient(email);

        assertThat(keycloak.usersWithEmail(email)).singleElement().satisfies(user -> {
            assertThat(user.id()).isEqualTo(id);
            assertThat(user.hasPassword()).isTrue();
            assertThat(user.roles()).containsExactly("patient");
        });
        assertThat(keycloak.user(leftover.getFirst().id())).isEmpty();
        assertThat(profile(email).status()).isEqualTo(ProfileStatus.ACTIVE);
    }

    @Test
    void registration_answerOfCreateLost_503ThenRetryRemovesTheUnrecordedLeftover() {
        String email = freshEmail("lost");
        keycloak.failNext(Operation.CREATE_ANSWER_LOST, 1);

        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(503);
        String leftover = keycloak.usersWithEmail(email).getFirst().id();
        assertThat(profile(email).registration().keycloakId()).isNull();

        String id = api.newPatient(email);

        assertThat(id).isNotEqualTo(leftover);
        assertThat(keycloak.usersWithEmail(email)).singleElement().satisfies(user -> assertThat(user.id()).isEqualTo(id));
    }

    @Test
    void registration_roleGrantFails_503AndTheUserCannotActUntilARetryCompletes() {
        String email = freshEmail("grant");
        keycloak.failNext(Operation.GRANT_ROLE, 1);

        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(503);
        assertThat(keycloak.usersWithEmail(email).getFirst().roles()).isEmpty();

        api.newPatient(email);
        assertThat(keycloak.usersWithEmail(email)).singleElement().satisfies(user -> assertThat(user.roles()).containsExactly("patient"));
    }

    @Test
    void registration_concurrentSameAddress_oneSucceedsTheOthers409() throws Exception {
        String email = freshEmail("race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> outcomes = IntStream.range(0, 6)
                    .mapToObj(i -> pool.submit(() -> api.registerPatient(IdentityApi.patient(i % 2 == 0 ? email : email.toUpperCase()))
                            .returnResult(Void.class).getStatus().value()))
                    .toList();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> outcome : outcomes) {
                statuses.add(outcome.get(30, TimeUnit.SECONDS));
            }

            assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(keycloak.usersWithEmail(email)).hasSize(1);
        assertThat(profile(email).status()).isEqualTo(ProfileStatus.ACTIVE);
    }

    @Test
    void abandonedRegistration_nobodyRetries_sweepRemovesClaimAndKeycloakUser() {
        String email = freshEmail("abandoned");
        keycloak.failNext(Operation.SET_PASSWORD, 1);
        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(503);
        String leftover = keycloak.usersWithEmail(email).getFirst().id();

        assertThat(abandoned.sweep().block()).isZero(); // too early: a retry may still come
        clock.advance(Duration.ofMinutes(16));
        abandoned.sweep().block();

        assertThat(keycloak.user(leftover)).isEmpty();
        assertThat(findProfile(email)).isNull();
        clock.reset();
        api.newPatient(email);
    }

    @Test
    void abandonedRegistration_keycloakDownDuringSweep_claimKeptForTheNextSweep() {
        String email = freshEmail("sweep-down");
        keycloak.failNext(Operation.SET_PASSWORD, 1);
        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(503);
        clock.advance(Duration.ofMinutes(16));

        keycloak.down(true);
        abandoned.sweep().block();
        assertThat(findProfile(email)).isNotNull();

        keycloak.down(false);
        abandoned.sweep().block();
        assertThat(findProfile(email)).isNull();
        assertThat(keycloak.usersWithEmail(email)).isEmpty();
    }

    @Test
    void registration_inProgressElsewhere_409UntilTheLeaseExpires() {
        String email = freshEmail("held");
        Instant now = clock.instant();
        mongo.insert(new Profile(email, null, email, "Held", "held", Role.PATIENT, ProfileStatus.PENDING_KEYCLOAK, null, null,
                "1990-01-01", null, null, new Profile.Registration("other-attempt", now, now, null), null, null, now,
                List.of())).block();

        api.registerPatient(IdentityApi.patient(email)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/registration-in-progress");

        clock.advance(Duration.ofMinutes(2));
        api.newPatient(email);
    }

    private Profile profile(String email) {
        Profile profile = findProfile(email);
        assertThat(profile).as("profile of " + email).isNotNull();
        return profile;
    }

    private Profile findProfile(String email) {
        return mongo.findById(Profile.emailKey(email), Profile.class).block();
    }
}
