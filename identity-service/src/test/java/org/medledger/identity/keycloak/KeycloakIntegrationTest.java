package org.medledger.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.events.EventCodec;
import org.medledger.identity.IdentityApi;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.reconciliation.AccountReconciler;
import org.medledger.localstack.KeycloakProcess;
import org.medledger.localstack.LocalStackConfig;
import org.medledger.support.events.EventsProperties;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.test.InMemoryMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * identity-service against a real Keycloak with the development realm (demo accounts, the {@code medledger-cli}
 * client with direct access grants, the {@code identity-service} service account): one started for this class by
 * the local stack's launcher, on free ports with its own data, or the one at {@code MEDLEDGER_KEYCLOAK_URL} when set
 * (then the users it creates are deleted afterwards). Tokens are real: obtained from Keycloak with the user's
 * password and validated by the service as in production.
 */
@SpringBootTest(properties = {
        "server.shutdown=immediate",
        "medledger.identity.reconciliation.enabled=false",
        "medledger.identity.registration.sweep-interval=0",
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "logging.level.org.mongodb.driver=WARN", "logging.level.de.bwaldvogel.mongo=WARN"})
@ContextConfiguration(initializers = InMemoryMongo.class)
class KeycloakIntegrationTest {

    private static final String DEMO_PASSWORD = "Demo-Pass-2026!";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private static String keycloakUrl;
    private static String realm;
    private static KeycloakProcess startedKeycloak;

    @Autowired
    ApplicationContext context;
    @Autowired
    KeycloakUsers keycloak;
    @Autowired
    AccountReconciler reconciler;
    @Autowired
    ReactiveMongoTemplate mongo;

    WebTestClient client;
    IdentityApi api;

    @BeforeAll
    static void startKeycloak(@TempDir Path dataDir) {
        String configured = firstSet(System.getProperty("medledger.identity.keycloak.url"),
                System.getenv("MEDLEDGER_KEYCLOAK_INTERNAL_URL"), System.getenv("MEDLEDGER_KEYCLOAK_URL"));
        realm = firstSet(System.getenv("MEDLEDGER_KEYCLOAK_REALM"), LocalStackConfig.REALM);
        if (configured != null) {
            keycloakUrl = configured.replaceAll("/$", "");
        } else {
            // the local stack's own launcher, on free ports and with its own data, so a developer's stack may run
            LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(
                    LocalStackConfig.ENV_DATA_DIR, dataDir.toString(),
                    LocalStackConfig.ENV_KEYCLOAK_PORT, String.valueOf(TestSocketUtils.findAvailableTcpPort()),
                    LocalStackConfig.ENV_KEYCLOAK_MANAGEMENT_PORT, String.valueOf(TestSocketUtils.findAvailableTcpPort())),
                    Path.of("").toAbsolutePath());
            startedKeycloak = KeycloakProcess.start(config);
            keycloakUrl = startedKeycloak.url();
        }
        assertThat(passwordGrant("admin", DEMO_PASSWORD).statusCode())
                .as("the development realm (demo admin, the medledger-cli client) at " + keycloakUrl).isEqualTo(200);
    }

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry registry) {
        registry.add("medledger.identity.keycloak.url", () -> keycloakUrl);
        registry.add("medledger.identity.keycloak.realm", () -> realm);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> keycloakUrl + "/realms/" + realm);
    }

    /** The events stay in the profiles' outbox: this test has no broker (the other test context checks Kafka). */
    @TestConfiguration(proxyBeanMethods = false)
    static class NoRelay {

        @Bean
        OutboxRelay outboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, CloudEvent> kafka, EventCodec codec,
                EventsProperties events) {
            return new OutboxRelay(mongo, kafka, codec, events) {
                @Override
                public void start() {
                    // not relayed here
                }
            };
        }
    }

    @BeforeEach
    void setUp() {
        client = WebTestClient.bindToApplicationContext(context).configureClient().responseTimeout(Duration.ofSeconds(30)).build();
        api = new IdentityApi(client);
    }

    @AfterAll
    static void stopKeycloak() {
        if (startedKeycloak != null) {
            startedKeycloak.close();
        } else {
            deleteCreatedUsers();
        }
    }

    private static void deleteCreatedUsers() {
        if (CREATED.isEmpty()) {
            return;
        }
        String token = clientCredentialsToken();
        for (String id : CREATED) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms/" + realm + "/users/" + id))
                        .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException | InterruptedException e) {
                // best effort: the sweep of the next run is not needed, these are test accounts with fresh addresses
            }
        }
    }

    @Test
    void patient_registered_signsInWithPatientRoleAndReadsOwnProfile() {
        String email = freshEmail("patient");
        String id = created(api.newPatient(email));

        String token = signIn(email, IdentityApi.GOOD_PASSWORD);

        JsonNode claims = claims(token);
        assertThat(claims.get("sub").asString()).isEqualTo(id);
        assertThat(realmRoles(claims)).contains("patient").doesNotContain("doctor");
        assertThat(claims.get("name").asString()).isEqualTo("Paula Patient");
        client.get().uri("/api/identity/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.roles[0]").isEqualTo("patient");
    }

    @Test
    void registration_emailTakenInAnotherCase_409AndKeycloakHasOneUser() {
        String email = freshEmail("dup");
        String id = created(api.newPatient(email));

        api.registerPatient(IdentityApi.patient(email.toUpperCase())).expectStatus().isEqualTo(409);

        assertThat(keycloak.findByEmail(email).block().id()).isEqualTo(id);
    }

    @Test
    void registration_emailOfAnAccountMadeInKeycloak_409() {
        api.registerPatient(IdentityApi.patient("PATIENT1@demo.medledger.test")).expectStatus().isEqualTo(409);
    }

    @Test
    void registration_passwordRefusedByTheRealmPolicy_400WithKeycloaksReasonAndNoUserLeft() {
        String email = freshEmail("weak");
        Map<String, Object> body = IdentityApi.patient(email);
        body.put("password", "Short-1");

        api.registerPatient(body)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://medledger.org/problems/password-rejected")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("Invalid password").doesNotContain("Short-1"));

        assertThat(keycloak.findByEmail(email).blockOptional()).isEmpty();
        created(api.newPatient(email)); // the address is free again
    }

    @Test
    void doctor_pendingCannotActAsDoctor_patientCannotApprove_adminApproval_grantsTheRoleAndLists() {
        String email = freshEmail("doctor");
        String name = "Ivo Integration";
        String doctor = created(api.newDoctor(email, name, "neurology"));
        String patientEmail = freshEmail("approver");
        created(api.newPatient(patientEmail));

        String pendingToken = signIn(email, IdentityApi.GOOD_PASSWORD);
        assertThat(realmRoles(claims(pendingToken))).doesNotContain("doctor", "patient", "admin");
        client.get().uri("/api/identity/me").headers(h -> h.setBearerAuth(pendingToken)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PENDING");
        client.get().uri("/api/identity/doctors/{id}", doctor).exchange().expectStatus().isNotFound();

        String patientToken = signIn(patientEmail, IdentityApi.GOOD_PASSWORD);
        client.post().uri("/api/identity/doctors/{id}/approve", doctor).headers(h -> h.setBearerAuth(patientToken)).exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/identity/doctors/{id}/approve", doctor).headers(h -> h.setBearerAuth(pendingToken)).exchange()
                .expectStatus().isForbidden();

        String adminToken = signIn("admin", DEMO_PASSWORD);
        client.post().uri("/api/identity/doctors/{id}/approve", doctor).headers(h -> h.setBearerAuth(adminToken)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("APPROVED");

        assertThat(realmRoles(claims(signIn(email, IdentityApi.GOOD_PASSWORD)))).contains("doctor");
        client.get().uri("/api/identity/doctors?q={q}", name).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].id").isEqualTo(doctor).jsonPath("$[0].email").doesNotExist();
        Profile profile = mongo.findOne(Query.query(Criteria.where("userId").is(doctor)), Profile.class).block();
        assertThat(profile.status()).isEqualTo(ProfileStatus.APPROVED);
        assertThat(profile.outbox()).extracting(event -> event.type())
                .contains("org.medledger.identity.doctor-registered.v1", "org.medledger.identity.doctor-approved.v1");
    }

    /**
     * E-mail and names change only through MedLedger, which keeps the profile, the unique e-mail and the notification
     * contacts in step: Keycloak's account console (its account REST API) shows them but refuses to change them.
     */
    @Test
    void accountConsole_mayNotChangeEmailOrName_onlyMedLedgerDoes() {
        String email = freshEmail("console");
        String id = created(api.newPatient(email));
        String token = signIn(email, IdentityApi.GOOD_PASSWORD);
        HttpResponse<String> own = account(token, "GET", null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        JsonNode representation = JSON.readTree(own.body());

        HttpResponse<String> unchanged = account(token, "POST", representation.toString());
        assertThat(unchanged.statusCode()).as("the account API accepts an unchanged profile: " + unchanged.body())
                .isEqualTo(204);
        for (String field : List.of("email", "firstName", "lastName")) {
            var edited = (tools.jackson.databind.node.ObjectNode) representation.deepCopy();
            edited.put(field, field.equals("email") ? freshEmail("elsewhere") : "Mallory");
            HttpResponse<String> refused = account(token, "POST", edited.toString());
            assertThat(refused.statusCode()).as(field + ": " + refused.body()).isEqualTo(400);
        }

        KeycloakUser user = keycloak.findById(id).block();
        assertThat(user.email()).isEqualToIgnoringCase(email);
        assertThat(user.firstName()).isEqualTo("Paula");
    }

    private static HttpResponse<String> account(String token, String method, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/" + realm + "/account"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's account API is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void patchMe_nameChange_renamesTheKeycloakUser() {
        String email = freshEmail("rename");
        String id = created(api.newPatient(email));
        String token = signIn(email, IdentityApi.GOOD_PASSWORD);

        client.patch().uri("/api/identity/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Paula Renamed Patient")).exchange()
                .expectStatus().isOk();

        KeycloakUser user = keycloak.findById(id).block();
        assertThat(user.firstName()).isEqualTo("Paula Renamed");
        assertThat(user.lastName()).isEqualTo("Patient");
    }

    @Test
    void reconcile_demoAccounts_adoptedWithDemoSpecializationsAndOnlyOnce() {
        reconciler.reconcile().block();

        Profile doctor1 = mongo.findById("doctor1@demo.medledger.test", Profile.class).block();
        assertThat(doctor1.status()).isEqualTo(ProfileStatus.APPROVED);
        assertThat(doctor1.specialization()).isEqualTo("cardiology");
        assertThat(mongo.findById("doctor2@demo.medledger.test", Profile.class).block().specialization()).isEqualTo("dermatology");
        assertThat(mongo.findById("admin@demo.medledger.test", Profile.class).block().role().name()).isEqualTo("ADMIN");
        assertThat(mongo.findById("patient1@demo.medledger.test", Profile.class).block().role().name()).isEqualTo("PATIENT");

        assertThat(reconciler.reconcile().block()).isZero();
    }

    @Test
    void adapter_grantAndRevokeRealmRole_roundTrip() {
        String email = freshEmail("roles");
        String id = created(keycloak.create(new NewKeycloakUser(email, "Role", "Tripper")).block());

        keycloak.grantRealmRole(id, "doctor").block();
        keycloak.grantRealmRole(id, "doctor").block();
        assertThat(keycloak.realmRoles(id).block()).contains("doctor");

        keycloak.revokeRealmRole(id, "doctor").block();
        assertThat(keycloak.realmRoles(id).block()).doesNotContain("doctor");
        keycloak.delete(id).block();
        assertThat(keycloak.findById(id).blockOptional()).isEmpty();
    }

    private static String created(String id) {
        CREATED.add(id);
        return id;
    }

    private static String freshEmail(String who) {
        return "it-" + who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static String signIn(String username, String password) {
        HttpResponse<String> response = passwordGrant(username, password);
        assertThat(response.statusCode()).as("sign-in of " + username + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> passwordGrant(String username, String password) {
        return token("grant_type=password&client_id=medledger-cli&username=" + encode(username) + "&password=" + encode(password));
    }

    private static String clientCredentialsToken() {
        return JSON.readTree(token("grant_type=client_credentials&client_id=identity-service&client_secret="
                + encode(firstSet(System.getenv("MEDLEDGER_IDENTITY_CLIENT_SECRET"), "dev-only-identity-secret"))).body())
                .get("access_token").asString();
    }

    private static HttpResponse<String> token(String form) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's token endpoint is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode claims(String token) {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static List<String> realmRoles(JsonNode claims) {
        JsonNode roles = claims.path("realm_access").path("roles");
        return roles.valueStream().map(JsonNode::asString).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String firstSet(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
