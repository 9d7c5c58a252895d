package org.medledger.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.cloudevents.CloudEvent;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.Topics;
import org.medledger.events.access.AccessCodeIssued;
import org.medledger.events.access.AccessDenied;
import org.medledger.events.access.AccessGranted;
import org.medledger.events.access.AccessRequested;
import org.medledger.events.access.AccessRevoked;
import org.medledger.events.audit.AuditCompleted;
import org.medledger.events.audit.ChunkLost;
import org.medledger.events.booking.AppointmentBooked;
import org.medledger.events.booking.AppointmentCancelled;
import org.medledger.events.identity.ProfileUpdated;
import org.medledger.events.identity.DoctorRegistered;
import org.medledger.events.identity.PatientRegistered;
import org.medledger.events.identity.StaffAccountRegistered;
import org.medledger.events.report.DownloadCodeIssued;
import org.medledger.events.report.ReportStored;
import org.medledger.notification.contact.Contact;
import org.medledger.notification.contact.ContactRole;
import org.medledger.notification.dispatch.NotificationDispatcher;
import org.medledger.notification.inbox.EmailDelivery;
import org.medledger.notification.inbox.EmailStatus;
import org.medledger.notification.inbox.Notification;
import org.medledger.notification.inbox.NotificationKind;
import org.medledger.notification.inbox.NotificationStore;
import org.medledger.notification.mail.MailTransport;
import org.medledger.notification.mail.SmtpUnavailableException;
import org.medledger.support.events.EventsAutoConfiguration;
import org.medledger.support.scheduling.PeriodicJob;
import org.medledger.support.test.InMemoryMongo;
import org.medledger.support.test.Jwts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The whole service in one shared context: events in on an embedded Kafka broker, mail out to GreenMail (read back
 * through its API), state in an in-memory MongoDB, the API through WebTestClient with Keycloak-shaped tokens.
 * Every test uses fresh users, so tests do not see each other's mail or notifications.
 */
@SpringBootTest(properties = {
        "spring.mail.host=127.0.0.1",
        "medledger.notification.mail.public-url=https://medledger.test",
        "medledger.notification.mail.retry.max-attempts=" + NotificationServiceTests.SMTP_ATTEMPTS,
        "medledger.notification.mail.retry.initial-interval=200ms",
        "medledger.notification.mail.retry.multiplier=2",
        "medledger.notification.mail.retry.max-interval=1s",
        "medledger.events.consumer-retry-initial-interval=100ms",
        "medledger.events.consumer-retry-max-attempts=3",
        "medledger.notification.mail.resend.interval=300ms",
        "medledger.notification.mail.resend.initial-delay=300ms",
        "medledger.notification.mail.resend.max-delay=1s",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/realms/medledger",
        "logging.level.org.medledger=DEBUG"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.IDENTITY, Topics.BOOKING, Topics.REPORT, Topics.CODES, Topics.ACCESS, Topics.AUDIT,
        Topics.IDENTITY + ".dlt", Topics.BOOKING + ".dlt", Topics.REPORT + ".dlt", Topics.CODES + ".dlt",
        Topics.ACCESS + ".dlt", Topics.AUDIT + ".dlt"})
@ContextConfiguration(initializers = InMemoryMongo.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class NotificationServiceTests {

    static final int SMTP_ATTEMPTS = 5;
    private static final int SMTP_PORT = freePort();
    private static final String REASON_HEADER = "medledger-dlt-reason";
    private static final List<String> DEAD_LETTER_TOPICS = List.of(Topics.BOOKING + ".dlt", Topics.REPORT + ".dlt",
            Topics.CODES + ".dlt", Topics.ACCESS + ".dlt", Topics.AUDIT + ".dlt", Topics.IDENTITY + ".dlt");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1",
            ServerSetup.PROTOCOL_SMTP)).withPerMethodLifecycle(false);

    private static Consumer<String, byte[]> deadLetterReader;
    private static final List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();

    @Autowired
    private ApplicationContext context;
    @Autowired
    private EventCodec codec;
    @Autowired
    @Qualifier("cloudEventKafkaTemplate")
    private KafkaTemplate<String, CloudEvent> kafka;
    @Autowired
    private ReactiveMongoTemplate mongo;
    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private JavaMailSenderImpl mailSender;
    @Autowired
    private NotificationDispatcher dispatcher;
    @Autowired
    @Qualifier("mailResendSweep")
    private PeriodicJob resendSweep;

    private WebTestClient web;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void consumersAssigned(@Autowired KafkaListenerEndpointRegistry listeners, @Autowired EmbeddedKafkaBroker broker) {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
        listeners.getListenerContainers().forEach(container -> ContainerTestUtils.waitForAssignment(container, 1));
        deadLetterReader = new DefaultKafkaConsumerFactory<>(KafkaTestUtils.consumerProps(broker, "dead-letter-reader", false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer();
        deadLetterReader.subscribe(DEAD_LETTER_TOPICS);
    }

    @AfterAll
    static void closeReader() {
        deadLetterReader.close();
        Awaitility.reset();
    }

    @BeforeEach
    void client() {
        web = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
    }

    // ---------------------------------------------------------------- each event type: right mail, right in-app

    @Test
    void appointmentBooked_bothKnown_mailsPatientAndDoctorAndShowsInApp() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Paula Patient");
        Person doctor = register(ContactRole.DOCTOR, "Dora Doctor");
        String appointmentId = "appt-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-03-03T14:30:00Z");

        publish(new AppointmentBooked(appointmentId, "slot-1", doctor.id(), patient.id(), start, start.plus(30, ChronoUnit.MINUTES)));

        MimeMessage toPatient = awaitMail(patient.email());
        assertThat(toPatient.getSubject()).isEqualTo("Your checkup with Dora Doctor is booked");
        Parts patientParts = parts(toPatient);
        assertThat(patientParts.text()).contains("Hello Paula Patient,").contains("Tuesday 3 March 2026, 14:30 UTC")
                .contains("https://medledger.test");
        assertThat(patientParts.html()).contains("<strong>Dora Doctor</strong>").contains("<strong>Tuesday 3 March 2026, 14:30 UTC</strong>");
        MimeMessage toDoctor = awaitMail(doctor.email());
        assertThat(toDoctor.getSubject()).isEqualTo("New appointment: Paula Patient, Tuesday 3 March 2026, 14:30 UTC");
        assertThat(parts(toDoctor).text()).contains("Hello Dora Doctor,").contains("Paula Patient booked a checkup with you");

        Notification inApp = awaitNotification(patient.id(), NotificationKind.APPOINTMENT_BOOKED, sent());
        assertThat(toPatient.getHeader(MailTransport.NOTIFICATION_HEADER)).containsExactly(inApp.id());
        assertThat(inApp.body()).isEqualTo("Your checkup with Dora Doctor on Tuesday 3 March 2026, 14:30 UTC is booked.");
        awaitNotification(doctor.id(), NotificationKind.APPOINTMENT_BOOKED, sent());
        web.mutateWith(Jwts.user(patient.id(), "patient")).get().uri("/api/notifications")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(inApp.id())
                .jsonPath("$.items[0].kind").isEqualTo("APPOINTMENT_BOOKED")
                .jsonPath("$.items[0].title").isEqualTo("Appointment booked")
                .jsonPath("$.items[0].refs.appointmentId").isEqualTo(appointmentId)
                .jsonPath("$.items[0].read").isEqualTo(false)
                .jsonPath("$.items[0].email.status").isEqualTo("SENT");
    }

    @ParameterizedTest(name = "cancelled by the doctor: {0}")
    @ValueSource(booleans = {true, false})
    void appointmentCancelled_byOneParty_tellsTheOtherAndConfirmsToTheCanceller(boolean byDoctor) throws Exception {
        Person patient = register(ContactRole.PATIENT, "Petra Patient");
        Person doctor = register(ContactRole.DOCTOR, "Dan Doctor");
        Person canceller = byDoctor ? doctor : patient;
        Person other = byDoctor ? patient : doctor;
        Instant start = Instant.parse("2026-04-01T09:00:00Z");

        publish(new AppointmentCancelled("appt-" + UUID.randomUUID(), "slot-2", doctor.id(), patient.id(), canceller.id(), start));

        MimeMessage toOther = awaitMail(other.email());
        assertThat(toOther.getSubject()).isEqualTo("Appointment cancelled: Wednesday 1 April 2026, 09:00 UTC");
        assertThat(parts(toOther).text()).contains("Hello " + other.name() + ",")
                .contains(canceller.name() + " cancelled the checkup planned for Wednesday 1 April 2026, 09:00 UTC.");
        assertThat(parts(awaitMail(canceller.email())).text()).contains("Hello " + canceller.name() + ",")
                .contains("you cancelled your checkup with " + other.name() + " on");
        assertThat(awaitNotification(other.id(), NotificationKind.APPOINTMENT_CANCELLED, sent()).body())
                .isEqualTo(canceller.name() + " cancelled the checkup on Wednesday 1 April 2026, 09:00 UTC.");
        assertThat(awaitNotification(canceller.id(), NotificationKind.APPOINTMENT_CANCELLED, sent()).body())
                .startsWith("You cancelled the checkup with " + other.name());
        assertThat(mailsTo(other.email())).hasSize(1);
        assertThat(mailsTo(canceller.email())).hasSize(1);
    }

    @Test
    void reportStored_mailsPatientTheReceiptHashNeverTheReport() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Rita Patient");
        Person doctor = register(ContactRole.DOCTOR, "Rob Doctor");
        String rootHash = "9f2c4e".repeat(10) + "abcd";
        String reportId = "report-" + UUID.randomUUID();

        publish(new ReportStored(reportId, "appt-1", patient.id(), doctor.id(), rootHash, 12_345_678, 12, "entry-42"));

        MimeMessage mail = awaitMail(patient.email());
        assertThat(mail.getSubject()).isEqualTo("Your report is available");
        MimeMultipart content = (MimeMultipart) mail.getContent();
        assertThat(content.getCount()).as("plain and HTML only, no attachment").isEqualTo(2);
        assertThat(parts(mail).text()).contains("Rob Doctor uploaded the report").contains(rootHash).contains("entry-42");
        assertThat(parts(mail).html()).contains("<td class=\"hash\">" + rootHash + "</td>");
        Notification inApp = awaitNotification(patient.id(), NotificationKind.REPORT_AVAILABLE, sent());
        assertThat(inApp.body()).contains(rootHash);
        assertThat(inApp.refs()).containsEntry("reportId", reportId);
        assertThat(mailsTo(doctor.email())).isEmpty();
    }

    @Test
    void downloadCodeIssued_mailsTheCodeButNeitherStoresNorLogsIt(CapturedOutput output) throws Exception {
        Person patient = register(ContactRole.PATIENT, "Carla Patient");
        String code = newCode();
        String reportId = "report-" + UUID.randomUUID();

        publish(new DownloadCodeIssued(reportId, patient.id(), code, Instant.parse("2046-05-05T10:15:00Z")));

        MimeMessage mail = awaitMail(patient.email());
        assertThat(mail.getSubject()).isEqualTo("Your one-time download code");
        assertThat(parts(mail).text()).contains(code).contains("Saturday 5 May 2046, 10:15 UTC");
        assertThat(parts(mail).html()).contains("<span class=\"code\">" + code + "</span>");
        Notification inApp = awaitNotification(patient.id(), NotificationKind.DOWNLOAD_CODE_SENT, sent());
        assertThat(inApp.body()).doesNotContain(code).contains("sent to your e-mail address");
        assertCodeStoredNowhere(code);
        assertThat(output.getAll()).contains("Mail DOWNLOAD_CODE sent for notification " + inApp.id()).doesNotContain(code);
    }

    @Test
    void accessRequestedThenCode_oneInAppRequestAndTheCodeByMailOnly(CapturedOutput output) throws Exception {
        Person patient = register(ContactRole.PATIENT, "Alma Patient");
        Person doctor = register(ContactRole.DOCTOR, "Abe Doctor");
        String requestId = "request-" + UUID.randomUUID();
        String code = newCode();

        publish(new AccessRequested(requestId, "report-1", patient.id(), doctor.id(), "Second opinion on the scan"));
        Notification request = awaitNotification(patient.id(), NotificationKind.ACCESS_REQUESTED, n -> true);
        assertThat(request.email()).isNull();
        publish(new AccessCodeIssued(requestId, "report-1", patient.id(), doctor.id(), code, Instant.parse("2046-06-01T08:05:00Z")));

        MimeMessage mail = awaitMail(patient.email());
        assertThat(mail.getSubject()).isEqualTo("Abe Doctor asks to read your report");
        assertThat(parts(mail).text()).contains(code).contains("give Abe Doctor this one-time code");
        Notification merged = awaitNotification(patient.id(), NotificationKind.ACCESS_REQUESTED, sent());
        assertThat(merged.id()).isEqualTo(request.id());
        assertThat(merged.body()).contains("Abe Doctor asks to read one of your reports")
                .contains("Second opinion on the scan").doesNotContain(code);
        assertThat(merged.refs()).containsEntry("requestId", requestId).containsEntry("doctorId", doctor.id());
        assertThat(notificationsOf(patient.id())).hasSize(1);
        assertThat(mailsTo(doctor.email())).isEmpty();
        assertCodeStoredNowhere(code);
        assertThat(output.getAll()).doesNotContain(code);
    }

    @Test
    void accessCodeBeforeRequest_sameSingleNotificationEndsWithTheReason() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Ines Patient");
        Person doctor = register(ContactRole.DOCTOR, "Ivan Doctor");
        String requestId = "request-" + UUID.randomUUID();

        publish(new AccessCodeIssued(requestId, "report-2", patient.id(), doctor.id(), newCode(), Instant.now().plusSeconds(600)));
        Notification first = awaitNotification(patient.id(), NotificationKind.ACCESS_REQUESTED, sent());
        assertThat(first.body()).contains("give them the code we e-mailed you");
        publish(new AccessRequested(requestId, "report-2", patient.id(), doctor.id(), "Follow-up of the surgery"));

        Notification merged = awaitNotification(patient.id(), NotificationKind.ACCESS_REQUESTED,
                n -> n.body().contains("Follow-up of the surgery"));
        assertThat(merged.id()).isEqualTo(first.id());
        assertThat(merged.email().status()).isEqualTo(EmailStatus.SENT);
        assertThat(notificationsOf(patient.id())).hasSize(1);
        assertThat(mailsTo(patient.email())).hasSize(1);
    }

    @Test
    void accessGrantedDeniedRevoked_eachMailsTheDoctor() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Greta Patient");
        Person doctor = register(ContactRole.DOCTOR, "Gus Doctor");

        publish(new AccessGranted("r1", "report-1", patient.id(), doctor.id(), AccessGranted.Via.CODE, Instant.parse("2026-07-01T12:00:00Z")));
        publish(new AccessDenied("r2", "report-2", patient.id(), doctor.id()));
        publish(new AccessRevoked("r1", "report-1", patient.id(), doctor.id()));

        List<MimeMessage> mails = awaitMails(doctor.email(), 3);
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "Access granted by Greta Patient", "Access request declined", "Access revoked by Greta Patient");
        MimeMessage granted = mails.stream().filter(m -> subject(m).startsWith("Access granted")).findFirst().orElseThrow();
        assertThat(parts(granted).text()).contains("with the one-time code").contains("Wednesday 1 July 2026, 12:00 UTC");
        awaitNotification(doctor.id(), NotificationKind.ACCESS_GRANTED, sent());
        awaitNotification(doctor.id(), NotificationKind.ACCESS_DENIED, sent());
        assertThat(awaitNotification(doctor.id(), NotificationKind.ACCESS_REVOKED, sent()).body())
                .isEqualTo("Greta Patient revoked your access to their report.");
        assertThat(mailsTo(patient.email())).isEmpty();
    }

    @Test
    void integrityProblems_alertAdminsAndAuditors_cleanAuditAlertsNobody() throws Exception {
        Person admin = register(ContactRole.ADMIN, "Ada Admin");
        Person auditor = register(ContactRole.AUDITOR, "Otto Auditor");
        Person bystander = register(ContactRole.PATIENT, "Bea Patient");
        String clean = "audit-clean-" + UUID.randomUUID();
        String broken = "audit-broken-" + UUID.randomUUID();

        publish(new AuditCompleted(clean, AuditCompleted.Scope.ALL, 100, 2, 2, 0, AuditCompleted.LedgerStatus.VERIFIED, 40, "e1"));
        publish(new ChunkLost(broken, "report-7", 3));
        publish(new AuditCompleted(broken, AuditCompleted.Scope.ALL, 100, 3, 2, 1, AuditCompleted.LedgerStatus.BROKEN, 41, "e2"));

        for (Person alerted : List.of(admin, auditor)) {
            List<MimeMessage> mails = awaitMails(alerted.email(), 2);
            assertThat(mails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                    "Integrity alert: a chunk of report report-7 is lost", "Integrity audit " + broken + " needs attention");
            MimeMessage audit = mails.stream().filter(m -> subject(m).startsWith("Integrity audit")).findFirst().orElseThrow();
            assertThat(parts(audit).text()).contains("lost (no healthy copy): 1").contains("BROKEN (height 41)");
            awaitNotification(alerted.id(), NotificationKind.CHUNK_LOST, sent());
            awaitNotification(alerted.id(), NotificationKind.AUDIT_ALERT, sent());
        }
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).map(NotificationServiceTests::subject)).noneMatch(s -> s.contains(clean));
        assertThat(mailsTo(bystander.email())).isEmpty();
    }

    // ---------------------------------------------------------------- reliability

    @Test
    void sameEventTwice_sendsOneMail() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Dina Patient");
        OutgoingEvent first = codec.prepare(new ReportStored("report-a", "appt-a", patient.id(), "doctor-x", "aa".repeat(32), 1, 1, "e-a"));

        send(first);
        send(first);
        publish(new ReportStored("report-b", "appt-b", patient.id(), "doctor-x", "bb".repeat(32), 1, 1, "e-b"));

        awaitMails(patient.email(), 2);
        awaitNotifications(patient.id(), 2);
        assertThat(mailsTo(patient.email())).extracting(m -> parts(m).text())
                .filteredOn(text -> text.contains("aa".repeat(32))).hasSize(1);
        assertThat(mailsTo(patient.email())).hasSize(2);
    }

    @Test
    void eventBeforeContact_inAppAtOnceAndMailWhenContactArrives() throws Exception {
        Person doctor = register(ContactRole.DOCTOR, "Lou Doctor");
        Person late = unregistered(ContactRole.PATIENT, "Leo Late");
        Instant start = Instant.parse("2026-08-08T08:00:00Z");

        publish(new AppointmentBooked("appt-" + UUID.randomUUID(), "slot-3", doctor.id(), late.id(), start, start.plusSeconds(1800)));

        Notification waiting = awaitNotification(late.id(), NotificationKind.APPOINTMENT_BOOKED,
                n -> n.email() != null && n.email().status() == EmailStatus.PENDING_CONTACT);
        assertThat(parts(awaitMail(doctor.email())).text()).contains("A patient booked a checkup with you");
        web.mutateWith(Jwts.user(late.id(), "patient")).get().uri("/api/notifications").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].id").isEqualTo(waiting.id())
                .jsonPath("$.items[0].email.status").isEqualTo("PENDING");
        assertThat(mailsTo(late.email())).isEmpty();

        publish(new PatientRegistered(late.id(), late.name(), late.email()));

        MimeMessage mail = awaitMail(late.email());
        assertThat(parts(mail).text()).contains("Hello Leo Late,").contains("Lou Doctor");
        Notification sent = awaitNotification(late.id(), NotificationKind.APPOINTMENT_BOOKED, sent());
        assertThat(sent.email().to()).isEqualTo(late.email());
    }

    @Test
    void codeBeforeContact_retriedThenParkedWithoutTheCodeInHeaders(CapturedOutput output) {
        Person late = unregistered(ContactRole.PATIENT, "Kim Late");
        String code = newCode();
        String reportId = "report-" + UUID.randomUUID();

        publish(new DownloadCodeIssued(reportId, late.id(), code, Instant.now().plusSeconds(600)));

        ConsumerRecord<String, byte[]> parked = awaitDeadLetter(Topics.CODES + ".dlt", reportId);
        assertThat(header(parked, REASON_HEADER)).endsWith("ContactNotYetKnownException");
        assertHeadersFreeOf(parked, code);
        assertThat(notificationsOf(late.id())).isEmpty();
        assertThat(output.getAll()).doesNotContain(code);
    }

    @Test
    void smtpDownForAWhile_mailGoesOutWhenItReturns() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Sam Patient");
        greenMail.stop();
        try {
            publish(new ReportStored("report-" + UUID.randomUUID(), "appt-s", patient.id(), "doctor-s", "cc".repeat(32), 1, 1, "e-s"));
            awaitNotification(patient.id(), NotificationKind.REPORT_AVAILABLE,
                    n -> n.email() != null && n.email().attempts() >= 1 && n.email().status() == EmailStatus.SENDING);
        } finally {
            greenMail.start();
        }

        assertThat(awaitMail(patient.email()).getSubject()).isEqualTo("Your report is available");
        Notification sent = awaitNotification(patient.id(), NotificationKind.REPORT_AVAILABLE, sent());
        assertThat(sent.email().attempts()).isBetween(2, SMTP_ATTEMPTS);
    }

    @Test
    void smtpDownForGood_retriesThenFailedAndParkedWithReason(CapturedOutput output) throws Exception {
        Person patient = register(ContactRole.PATIENT, "Fay Patient");
        String code = newCode();
        String reportId = "report-" + UUID.randomUUID();
        greenMail.stop();
        ConsumerRecord<String, byte[]> parked;
        try {
            publish(new DownloadCodeIssued(reportId, patient.id(), code, Instant.now().plusSeconds(600)));
            parked = awaitDeadLetter(Topics.CODES + ".dlt", reportId);
        } finally {
            greenMail.start();
        }

        assertThat(header(parked, REASON_HEADER)).isEqualTo(SmtpUnavailableException.class.getName());
        assertHeadersFreeOf(parked, code);
        Notification failed = awaitNotification(patient.id(), NotificationKind.DOWNLOAD_CODE_SENT,
                n -> n.email() != null && n.email().status() == EmailStatus.FAILED);
        assertThat(failed.email().attempts()).isEqualTo(SMTP_ATTEMPTS);
        assertThat(failed.email().lastError()).contains("MailSendException");
        assertThat(mailsTo(patient.email())).isEmpty();
        web.mutateWith(Jwts.user(patient.id(), "patient")).get().uri("/api/notifications").exchange()
                .expectBody().jsonPath("$.items[0].email.status").isEqualTo("FAILED");
        assertCodeStoredNowhere(code);
        assertThat(output.getAll()).contains("SMTP unavailable after " + SMTP_ATTEMPTS + " attempts").doesNotContain(code);
    }

    @Test
    void smtpDownLongerThanTheRetryBudget_resendSweepSendsOnceWhenItReturns() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Ulla Patient");
        String reportId = "report-" + UUID.randomUUID();
        whileSmtpDown(() -> {
            publish(new ReportStored(reportId, "appt-u", patient.id(), "doctor-u", "ab".repeat(32), 1, 1, "e-u"));
            assertThat(header(awaitDeadLetter(Topics.REPORT + ".dlt", reportId), REASON_HEADER))
                    .isEqualTo(SmtpUnavailableException.class.getName());
            // the sweep tried again during the outage, with back-off, and failed too
            awaitNotification(patient.id(), NotificationKind.REPORT_AVAILABLE,
                    n -> status(EmailStatus.FAILED).test(n) && n.email().resends() >= 1);
        });

        assertThat(awaitMail(patient.email()).getSubject()).isEqualTo("Your report is available");
        Notification sent = awaitNotification(patient.id(), NotificationKind.REPORT_AVAILABLE, sent());
        assertThat(sent.email().attempts()).isGreaterThan(SMTP_ATTEMPTS);
        assertMailCountStays(patient.email(), 1);
    }

    @Test
    void waitingMailsFailingWhenTheContactArrives_resentWhenSmtpReturns() throws Exception {
        Person doctor = register(ContactRole.DOCTOR, "Wim Doctor");
        Person late = unregistered(ContactRole.PATIENT, "Wes Late");
        Instant start = Instant.parse("2026-10-10T10:00:00Z");
        publish(new AppointmentBooked("appt-" + UUID.randomUUID(), "slot-w1", doctor.id(), late.id(), start, start.plusSeconds(900)));
        publish(new AppointmentBooked("appt-" + UUID.randomUUID(), "slot-w2", doctor.id(), late.id(), start.plusSeconds(3600),
                start.plusSeconds(4500)));
        await().until(() -> notificationsOf(late.id()), found -> found.size() == 2
                && found.stream().allMatch(status(EmailStatus.PENDING_CONTACT)));
        awaitMails(doctor.email(), 2);

        whileSmtpDown(() -> {
            publish(new PatientRegistered(late.id(), late.name(), late.email()));
            await().until(() -> notificationsOf(late.id()).stream().allMatch(status(EmailStatus.FAILED)));
        });

        assertThat(awaitMails(late.email(), 2)).allSatisfy(mail -> assertThat(parts(mail).text()).contains("Hello Wes Late,"));
        await().until(() -> notificationsOf(late.id()).stream().allMatch(sent()));
        assertMailCountStays(late.email(), 2);
    }

    @Test
    void sameEventDispatchedTwiceAtOnce_eachMailSentOnce() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Tia Patient");
        Person doctor = register(ContactRole.DOCTOR, "Tom Doctor");
        Instant start = Instant.parse("2026-11-11T11:00:00Z");
        OutgoingEvent booked = codec.prepare(new AppointmentBooked("appt-" + UUID.randomUUID(), "slot-t", doctor.id(),
                patient.id(), start, start.plusSeconds(900)));
        var event = codec.decode(codec.toCloudEvent(booked, Map.of()));

        // two consumers holding the same record, as after a rebalance during a slow batch
        Mono.when(dispatcher.dispatch(event).subscribeOn(Schedulers.parallel()),
                dispatcher.dispatch(event).subscribeOn(Schedulers.parallel())).block(Duration.ofSeconds(30));

        awaitMail(patient.email());
        awaitMail(doctor.email());
        assertMailCountStays(patient.email(), 1);
        assertMailCountStays(doctor.email(), 1);
        assertThat(notificationsOf(patient.id())).singleElement().satisfies(n -> assertThat(n.email().attempts()).isEqualTo(1));
    }

    @Test
    void consumers_pollFewRecords_soASlowSmtpBatchStaysInsideThePollInterval(
            @Autowired @Qualifier(EventsAutoConfiguration.LISTENER_FACTORY) ConcurrentKafkaListenerContainerFactory<String, CloudEvent> factory) {
        assertThat(String.valueOf(factory.getConsumerFactory().getConfigurationProperties().get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)))
                .isEqualTo("3");
    }

    @Test
    void codeExpiredBeforeItCouldBeSent_notMailedRecordedExpired(CapturedOutput output) {
        Person patient = register(ContactRole.PATIENT, "Eva Patient");
        String code = newCode();

        publish(new DownloadCodeIssued("report-" + UUID.randomUUID(), patient.id(), code, Instant.now().minusSeconds(5)));

        Notification expired = awaitNotification(patient.id(), NotificationKind.DOWNLOAD_CODE_SENT, status(EmailStatus.EXPIRED));
        assertThat(expired.email().attempts()).isZero();
        assertThat(mailsTo(patient.email())).isEmpty();
        web.mutateWith(Jwts.user(patient.id(), "patient")).get().uri("/api/notifications").exchange()
                .expectBody().jsonPath("$.items[0].email.status").isEqualTo("EXPIRED");
        assertThat(output.getAll()).doesNotContain(code);
    }

    @Test
    void mailThatCannotBeRendered_recordedFailedWithTheReasonNotLeftPending() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Rae Patient");
        Person doctor = register(ContactRole.DOCTOR, "Ron Doctor");
        String requestId = "request-" + UUID.randomUUID();
        OutgoingEvent denied = codec.prepare(new AccessDenied(requestId, "report-r", patient.id(), doctor.id()));
        // a mail planned by an earlier template version, whose model lacks what the template now needs
        String id = NotificationStore.idOf(denied.id(), doctor.id());
        mongo.insert(new Notification(id, doctor.id(), NotificationKind.ACCESS_DENIED, "Access denied", "Declined.", Map.of(),
                Instant.now(), null, EmailDelivery.planned("ACCESS_DENIED", Map.of(), doctor.email()))).block();
        // The consumer's retries must all run to reach the dead-letter topic. With the test's 300 ms first resend,
        // the sweep could claim the FAILED mail just as a retry came, and that retry rightly left the mail to it.
        withoutResendSweep(() -> {
            send(denied);

            Notification failed = awaitNotification(doctor.id(), NotificationKind.ACCESS_DENIED, status(EmailStatus.FAILED));
            assertThat(failed.email().lastError()).matches("[a-z.]+\\.[A-Z][\\w$]*");
            assertThat(header(awaitDeadLetter(Topics.ACCESS + ".dlt", requestId), REASON_HEADER))
                    .isEqualTo(failed.email().lastError());
            assertThat(mailsTo(doctor.email())).isEmpty();
        });
    }

    @Test
    void mailClaimedByADeadConsumer_redeliveryTakesItOverOnceTheClaimExpired() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Zoe Patient");
        String code = newCode();
        OutgoingEvent issued = codec.prepare(new DownloadCodeIssued("report-" + UUID.randomUUID(), patient.id(), code,
                Instant.now().plusSeconds(600)));
        String id = NotificationStore.idOf(issued.id(), patient.id());
        EmailDelivery planned = EmailDelivery.planned("DOWNLOAD_CODE", Map.of("expiresAt", "soon"), patient.email());
        withoutResendSweep(() -> {
            // the consumer claimed the mail, then died before sending it; its lease has run out
            mongo.insert(new Notification(id, patient.id(), NotificationKind.DOWNLOAD_CODE_SENT, "Download code sent",
                    "Sent to your e-mail address.", Map.of(), Instant.now(), null, new EmailDelivery(EmailStatus.SENDING,
                            planned.template(), planned.model(), planned.to(), 0, null, Instant.now().minusSeconds(300), null,
                            Instant.now().minusSeconds(60), 0, null))).block();

            send(issued);

            assertThat(parts(awaitMail(patient.email())).text()).contains(code);
            awaitNotification(patient.id(), NotificationKind.DOWNLOAD_CODE_SENT, sent());
            assertThat(mailsTo(patient.email())).hasSize(1);
        });
    }

    @Test
    void deadLetterReplay_sendsOnlyTheMailsThatFailed() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Ria Patient");
        Person doctor = register(ContactRole.DOCTOR, "Rex Doctor");
        String appointmentId = "appt-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-12-12T12:00:00Z");
        int greenMailPort = mailSender.getPort();
        withoutResendSweep(() -> {
            ConsumerRecord<String, byte[]> parked;
            try (var doctorDown = new ScriptedSmtpServer(Map.of("RCPT " + doctor.email(), "451 4.3.0 try again later"))) {
                mailSender.setPort(doctorDown.port());
                try {
                    publish(new AppointmentBooked(appointmentId, "slot-r", doctor.id(), patient.id(), start, start.plusSeconds(900)));
                    parked = awaitDeadLetter(Topics.BOOKING + ".dlt", appointmentId);
                } finally {
                    mailSender.setPort(greenMailPort);
                }
                assertThat(doctorDown.messages()).as("the patient's mail went out").isEqualTo(1);
            }
            awaitNotification(patient.id(), NotificationKind.APPOINTMENT_BOOKED, sent());
            awaitNotification(doctor.id(), NotificationKind.APPOINTMENT_BOOKED, status(EmailStatus.FAILED));

            replay(parked, Topics.BOOKING);

            assertThat(awaitMail(doctor.email()).getSubject()).startsWith("New appointment: Ria Patient");
            awaitNotification(doctor.id(), NotificationKind.APPOINTMENT_BOOKED, sent());
            assertMailCountStays(doctor.email(), 1);
            assertThat(mailsTo(patient.email())).isEmpty();
        });
    }

    @Test
    void malformedRecords_parkedAtOnce_laterEventsStillFlow() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Mia Patient");
        Person doctor = register(ContactRole.DOCTOR, "Max Doctor");
        String garbageKey = "poison-" + UUID.randomUUID();
        String incompleteKey = "incomplete-" + UUID.randomUUID();
        try (var raw = new DefaultKafkaProducerFactory<String, byte[]>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new ByteArraySerializer()).createProducer()) {
            raw.send(new ProducerRecord<>(Topics.BOOKING, garbageKey, "{not a cloud event".getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
        }
        send(new OutgoingEvent(UUID.randomUUID().toString(), "org.medledger.booking.appointment-booked.v1", Topics.BOOKING,
                incompleteKey, Instant.now(), "{\"appointmentId\":\"" + incompleteKey + "\"}"));
        Instant start = Instant.parse("2026-09-09T09:30:00Z");

        publish(new AppointmentBooked("appt-" + UUID.randomUUID(), "slot-9", doctor.id(), patient.id(), start, start.plusSeconds(900)));

        assertThat(awaitMail(patient.email()).getSubject()).isEqualTo("Your checkup with Max Doctor is booked");
        assertThat(header(awaitDeadLetter(Topics.BOOKING + ".dlt", garbageKey), REASON_HEADER))
                .isEqualTo("not a CloudEvent (undecodable record)");
        assertThat(header(awaitDeadLetter(Topics.BOOKING + ".dlt", incompleteKey), REASON_HEADER))
                .startsWith("malformed event:").contains("lacks required field");
    }

    @Test
    void refusedAddress_bouncedOnNotificationAndContact_untilTheAddressChanges() throws Exception {
        Person patient = register(ContactRole.PATIENT, "Bo Patient");
        int greenMailPort = mailSender.getPort();
        try (var refusing = new ScriptedSmtpServer(Map.of("RCPT", "550 5.1.1 mailbox unavailable"))) {
            mailSender.setPort(refusing.port());
            try {
                publish(new ReportStored("report-" + UUID.randomUUID(), "appt-b1", patient.id(), "doctor-b", "dd".repeat(32), 1, 1, "e-b1"));
                Notification bounced = awaitNotification(patient.id(), NotificationKind.REPORT_AVAILABLE, status(EmailStatus.BOUNCED));
                assertThat(bounced.email().lastError()).contains("RCPT reply 550");
                await().until(() -> contact(patient.id()).bounce() != null);
                assertThat(contact(patient.id()).bounce()).extracting(Contact.Bounce::email, Contact.Bounce::replyCode)
                        .containsExactly(patient.email(), 550);
                assertThat(refusing.recipients()).as("a bounce is not retried").isEqualTo(1);

                publish(new ReportStored("report-" + UUID.randomUUID(), "appt-b2", patient.id(), "doctor-b", "ee".repeat(32), 1, 1, "e-b2"));
                awaitNotifications(patient.id(), 2);
                await().until(() -> notificationsOf(patient.id()).stream().allMatch(status(EmailStatus.BOUNCED)));
                assertThat(refusing.recipients()).as("a bounced address is not tried again").isEqualTo(1);
            } finally {
                mailSender.setPort(greenMailPort);
            }
        }
        String newAddress = "new-" + patient.email();
        publish(new ProfileUpdated(patient.id(), patient.name(), newAddress));
        await().until(() -> newAddress.equals(contact(patient.id()).email()));

        publish(new ReportStored("report-" + UUID.randomUUID(), "appt-b3", patient.id(), "doctor-b", "ff".repeat(32), 1, 1, "e-b3"));

        assertThat(parts(awaitMail(newAddress)).text()).contains("ff".repeat(32));
        assertThat(contact(patient.id()).reachable()).isTrue();
    }

    @Test
    void contactEvents_olderProfileReplayedLater_doesNotOverwriteNewerAddress() {
        Person patient = register(ContactRole.PATIENT, "Nia Patient");
        OutgoingEvent older = codec.prepare(new ProfileUpdated(patient.id(), "Nia Old", "old-" + patient.email()));
        OutgoingEvent newer = codec.prepare(new ProfileUpdated(patient.id(), "Nia New", "new-" + patient.email()));
        OutgoingEvent olderLater = new OutgoingEvent(older.id(), older.type(), older.topic(), older.subject(),
                newer.time().minusSeconds(60), older.data());

        send(newer);
        await().until(() -> "Nia New".equals(contact(patient.id()).name()));
        send(olderLater);
        publish(new ProfileUpdated(patient.id(), "Nia New", "new-" + patient.email()));
        awaitProcessed(olderLater.id());

        assertThat(contact(patient.id())).extracting(Contact::name, Contact::email, Contact::role)
                .containsExactly("Nia New", "new-" + patient.email(), ContactRole.PATIENT);
    }

    // ---------------------------------------------------------------- API: stream, list, read, ownership

    @Test
    void stream_pushesTheCallersNewNotificationsOnly() {
        Person patient = register(ContactRole.PATIENT, "Sia Patient");
        Person other = register(ContactRole.PATIENT, "Oli Patient");
        String reportId = "report-" + UUID.randomUUID();

        Flux<ServerSentEvent<String>> events = web.mutateWith(Jwts.user(patient.id(), "patient")).get()
                .uri("/api/notifications/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody()
                .filter(event -> event.event() != null);

        StepVerifier.create(events)
                .expectNextMatches(event -> "ready".equals(event.event()))
                .then(() -> {
                    publish(new ReportStored("report-other", "appt-o", other.id(), "doctor-o", "01".repeat(32), 1, 1, "e-o"));
                    publish(new ReportStored(reportId, "appt-p", patient.id(), "doctor-p", "02".repeat(32), 1, 1, "e-p"));
                })
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("notification");
                    assertThat(event.data()).contains("\"kind\":\"REPORT_AVAILABLE\"").contains(reportId)
                            .doesNotContain("report-other");
                    assertThat(event.id()).isNotBlank();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void stream_notificationCreatedByAnotherInstance_arrivesThroughThePoll() {
        Person patient = register(ContactRole.PATIENT, "Ivy Patient");
        String id = UUID.randomUUID().toString();

        Flux<ServerSentEvent<String>> events = web.mutateWith(Jwts.user(patient.id(), "patient")).get()
                .uri("/api/notifications/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody()
                .filter(event -> event.event() != null);

        StepVerifier.create(events)
                .expectNextMatches(event -> "ready".equals(event.event()))
                // written straight to MongoDB, as the consumer on another instance would: no local publish
                .then(() -> mongo.insert(new Notification(id, patient.id(), NotificationKind.ACCESS_DENIED, "Access denied",
                        "Elsewhere", Map.of(), Instant.now(), null, null)).block())
                .assertNext(event -> assertThat(event.id()).isEqualTo(id))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void listAndRead_ownNotificationsOnly_pagedNewestFirst() {
        Person patient = register(ContactRole.PATIENT, "Ola Patient");
        Person owner = register(ContactRole.DOCTOR, "Owen Doctor");
        Person stranger = register(ContactRole.DOCTOR, "Stan Doctor");
        publish(new AccessDenied("r1", "report-1", patient.id(), owner.id()));
        publish(new AccessDenied("r2", "report-2", patient.id(), owner.id()));
        publish(new AccessRevoked("r3", "report-3", patient.id(), owner.id()));
        List<Notification> own = awaitNotifications(owner.id(), 3);

        web.mutateWith(Jwts.user(owner.id(), "doctor")).get().uri("/api/notifications?size=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.page").isEqualTo(0)
                .jsonPath("$.items.length()").isEqualTo(2);
        List<String> newestFirst = own.stream()
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()) != 0 ? b.createdAt().compareTo(a.createdAt()) : b.id().compareTo(a.id()))
                .map(Notification::id).toList();
        web.mutateWith(Jwts.user(owner.id(), "doctor")).get().uri("/api/notifications?size=2&page=1").exchange()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(newestFirst.get(2));
        web.mutateWith(Jwts.user(stranger.id(), "doctor")).get().uri("/api/notifications").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(0);

        String id = own.get(0).id();
        web.mutateWith(Jwts.user(stranger.id(), "doctor")).post().uri("/api/notifications/{id}/read", id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/notification-not-found");
        String readAt = new String(web.mutateWith(Jwts.user(owner.id(), "doctor")).post().uri("/api/notifications/{id}/read", id)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.read").isEqualTo(true)
                .returnResult().getResponseBody(), StandardCharsets.UTF_8).replaceAll(".*\"readAt\":\"([^\"]+)\".*", "$1");
        web.mutateWith(Jwts.user(owner.id(), "doctor")).post().uri("/api/notifications/{id}/read", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.readAt").isEqualTo(readAt);
        web.mutateWith(Jwts.user(owner.id(), "doctor")).get().uri("/api/notifications?unread=true").exchange()
                .expectBody()
                .jsonPath("$.total").isEqualTo(2)
                .jsonPath("$.items[?(@.id == '" + id + "')]").doesNotExist();
        web.mutateWith(Jwts.user(stranger.id(), "doctor")).post().uri("/api/notifications/{id}/read", "no-such-id").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void list_badPaging_isProblem400() {
        for (String query : List.of("size=0", "size=101", "page=-1", "size=abc")) {
            web.mutateWith(Jwts.user("someone", "patient")).get().uri("/api/notifications?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void api_withoutToken_is401() {
        web.get().uri("/api/notifications").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/notifications/stream").exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/notifications/x/read").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void openApi_documentsTheNotificationEndpoints() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/notifications'].get").exists()
                .jsonPath("$.paths['/api/notifications/{id}/read'].post").exists()
                .jsonPath("$.paths['/api/notifications/stream'].get").exists();
    }

    // ---------------------------------------------------------------- helpers

    record Person(String id, String name, String email) {
    }

    record Parts(String text, String html) {
    }

    private Person register(ContactRole role, String name) {
        Person person = unregistered(role, name);
        publish(switch (role) {
            case PATIENT -> new PatientRegistered(person.id(), name, person.email());
            case DOCTOR -> new DoctorRegistered(person.id(), name, person.email(), "cardiology",
                    DoctorRegistered.Status.PENDING);
            case ADMIN -> new StaffAccountRegistered(person.id(), StaffAccountRegistered.Role.ADMIN, name, person.email());
            case AUDITOR -> new StaffAccountRegistered(person.id(), StaffAccountRegistered.Role.AUDITOR, name, person.email());
        });
        await().until(() -> mongo.findById(person.id(), Contact.class).block() != null);
        return person;
    }

    private static Person unregistered(ContactRole role, String name) {
        String id = UUID.randomUUID().toString();
        return new Person(id, name, role.name().toLowerCase() + "-" + id.substring(0, 8) + "@test.medledger.test");
    }

    private String publish(DomainEvent event) {
        OutgoingEvent outgoing = codec.prepare(event);
        send(outgoing);
        return outgoing.id();
    }

    private void send(OutgoingEvent event) {
        try {
            kafka.send(event.topic(), event.subject(), codec.toCloudEvent(event, Map.of())).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event.type(), e);
        }
    }

    private void awaitProcessed(String eventId) {
        await().until(() -> Boolean.TRUE.equals(mongo.exists(Query.query(Criteria.where("_id").is("notification-service:" + eventId)),
                "processed_events").block()));
    }

    private static String newCode() {
        return "K" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> {
            try {
                Address[] to = message.getAllRecipients();
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static MimeMessage awaitMail(String address) {
        return awaitMails(address, 1).get(0);
    }

    private static List<MimeMessage> awaitMails(String address, int count) {
        return await().until(() -> mailsTo(address), mails -> mails.size() >= count);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Parts parts(MimeMessage message) {
        try {
            MimeMultipart alternative = (MimeMultipart) message.getContent();
            assertThat(alternative.getContentType()).startsWith("multipart/alternative");
            Map<String, String> byType = new LinkedHashMap<>();
            for (int i = 0; i < alternative.getCount(); i++) {
                var part = alternative.getBodyPart(i);
                byType.put(part.getContentType().split(";")[0].trim(), (String) part.getContent());
            }
            assertThat(byType.keySet()).containsExactly("text/plain", "text/html");
            return new Parts(byType.get("text/plain"), byType.get("text/html"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Notification> notificationsOf(String userId) {
        return mongo.find(Query.query(Criteria.where("recipientId").is(userId)), Notification.class).collectList().block();
    }

    private List<Notification> awaitNotifications(String userId, int count) {
        return await().until(() -> notificationsOf(userId), found -> found.size() >= count);
    }

    private Notification awaitNotification(String userId, NotificationKind kind, Predicate<Notification> condition) {
        return await().until(() -> notificationsOf(userId).stream().filter(n -> n.kind() == kind && condition.test(n))
                .findFirst().orElse(null), found -> found != null);
    }

    private static Predicate<Notification> sent() {
        return status(EmailStatus.SENT);
    }

    private static Predicate<Notification> status(EmailStatus status) {
        return n -> n.email() != null && n.email().status() == status;
    }

    private Contact contact(String userId) {
        return mongo.findById(userId, Contact.class).block();
    }

    /** Not in any stored notification, contact or processed-event record. */
    private void assertCodeStoredNowhere(String code) {
        for (String collection : List.of("notifications", "contacts", "processed_events")) {
            List<Document> documents = mongo.findAll(Document.class, collection).collectList().block();
            assertThat(documents).isNotEmpty();
            assertThat(documents).allSatisfy(document -> assertThat(document.toJson()).as(collection).doesNotContain(code));
        }
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
        return await().until(() -> {
            deadLetterReader.poll(Duration.ofMillis(100)).forEach(deadLetters::add);
            return deadLetters.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).findFirst().orElse(null);
        }, found -> found != null);
    }

    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} with the SMTP server really down (GreenMail stopped), and starts it again. */
    private static void whileSmtpDown(Step step) throws Exception {
        greenMail.stop();
        try {
            step.run();
        } finally {
            greenMail.start();
        }
    }

    /** Exactly {@code count} mails reached {@code address}, and no more arrive for a while (nothing sends twice). */
    private static void assertMailCountStays(String address, int count) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> mailsTo(address).size() == count);
    }

    /** Runs {@code step} with the resend sweep stopped, so that only the consumer path can send. */
    private void withoutResendSweep(Step step) throws Exception {
        resendSweep.stop();
        try {
            step.run();
        } finally {
            resendSweep.start();
        }
    }

    /** Republishes a dead letter to its source topic as it was, without the dead-letter headers. */
    private void replay(ConsumerRecord<String, byte[]> parked, String topic) throws Exception {
        var record = new ProducerRecord<>(topic, parked.key(), parked.value());
        for (Header header : parked.headers()) {
            if (!header.key().startsWith("kafka_dlt") && !header.key().equals(REASON_HEADER)) {
                record.headers().add(header);
            }
        }
        try (var raw = new DefaultKafkaProducerFactory<String, byte[]>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new ByteArraySerializer()).createProducer()) {
            raw.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void assertHeadersFreeOf(ConsumerRecord<String, byte[]> record, String secret) {
        for (Header header : record.headers()) {
            assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key()).doesNotContain(secret);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
