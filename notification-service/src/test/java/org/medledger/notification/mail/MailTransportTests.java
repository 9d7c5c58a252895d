package org.medledger.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medledger.notification.ScriptedSmtpServer;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MailTransportTests {

    private static final int ATTEMPTS = 3;
    private static final MailProperties PROPERTIES = new MailProperties("MedLedger <no-reply@medledger.local>",
            "classpath:/templates/mail/", ZoneId.of("UTC"), Locale.UK, URI.create("http://localhost:8080"),
            new MailProperties.Retry(ATTEMPTS, Duration.ofMillis(10), 2.0, Duration.ofMillis(50)), null);
    private static final RenderedMail MAIL = new RenderedMail("Subject", "plain text", "<p>html</p>");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final AtomicInteger transientFailures = new AtomicInteger();

    @Test
    void send_serverAccepts_deliversPlainThenHtmlAlternatives() throws Exception {
        send(greenMail.getSmtp().getPort(), "patient@test.medledger.test").as(StepVerifier::create).verifyComplete();

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getFrom()[0].toString()).isEqualTo("MedLedger <no-reply@medledger.local>");
        assertThat(message.getHeader(MailTransport.NOTIFICATION_HEADER)).containsExactly("notification-1");
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(transientFailures).hasValue(0);
    }

    @Test
    void send_recipientRefused550_bouncesWithoutRetry() {
        try (var server = new ScriptedSmtpServer(Map.of("RCPT", "550 5.1.1 <gone@test.medledger.test> no such user"))) {
            send(server.port(), "gone@test.medledger.test").as(StepVerifier::create)
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(RecipientRejectedException.class);
                        SmtpFailure failure = ((RecipientRejectedException) e).failure();
                        assertThat(failure.replyCode()).isEqualTo(550);
                        assertThat(failure.summary()).doesNotContain("gone@");
                        assertThat(e.getMessage()).doesNotContain("gone@");
                    })
                    .verify(Duration.ofSeconds(10));
            assertThat(server.recipients()).isEqualTo(1);
        }
        assertThat(transientFailures).hasValue(0);
    }

    @Test
    void send_recipientDeferred451_retriesThenUnavailable() {
        try (var server = new ScriptedSmtpServer(Map.of("RCPT", "451 4.3.0 try later"))) {
            send(server.port(), "later@test.medledger.test").as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SmtpUnavailableException.class)
                            .hasMessageContaining(ATTEMPTS + " attempts").hasMessageContaining("451"))
                    .verify(Duration.ofSeconds(10));
            assertThat(server.recipients()).isEqualTo(ATTEMPTS);
        }
        assertThat(transientFailures).hasValue(ATTEMPTS);
    }

    @Test
    void send_serverUnreachable_retriesThenUnavailable() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        send(closedPort, "someone@test.medledger.test").as(StepVerifier::create)
                .expectError(SmtpUnavailableException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(transientFailures).hasValue(ATTEMPTS);
    }

    @Test
    void send_senderRefused554_rejectedWithoutRetry() {
        try (var server = new ScriptedSmtpServer(Map.of("MAIL", "554 5.7.1 relaying denied"))) {
            send(server.port(), "someone@test.medledger.test").as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SmtpRejectedException.class).hasMessageContaining("554"))
                    .verify(Duration.ofSeconds(10));
            assertThat(server.connections()).isEqualTo(1);
        }
        assertThat(transientFailures).hasValue(0);
    }

    @Test
    void send_unparsableAddress_bouncesWithoutContactingTheServer() {
        try (var server = new ScriptedSmtpServer(Map.of())) {
            send(server.port(), "not an address").as(StepVerifier::create)
                    .expectError(RecipientRejectedException.class)
                    .verify(Duration.ofSeconds(10));
            assertThat(server.connections()).isZero();
        }
    }

    private Mono<Void> send(int port, String to) {
        var sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Properties properties = new Properties();
        properties.put("mail.smtp.connectiontimeout", "2000");
        properties.put("mail.smtp.timeout", "2000");
        sender.setJavaMailProperties(properties);
        var transport = new MailTransport(sender, new MailConfiguration().smtpRetry(RetryRegistry.ofDefaults(), PROPERTIES),
                PROPERTIES);
        return transport.send(to, MAIL, "notification-1", failure -> {
            transientFailures.incrementAndGet();
            return Mono.empty();
        });
    }
}
