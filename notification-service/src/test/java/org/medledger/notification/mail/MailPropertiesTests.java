package org.medledger.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MailPropertiesTests {

    @Test
    void bind_nothingSet_usesTheDocumentedDefaults() {
        MailProperties properties = bind(Map.of());

        assertThat(properties.from()).isEqualTo("MedLedger <no-reply@medledger.local>");
        assertThat(properties.templates()).isEqualTo("classpath:/templates/mail/");
        assertThat(properties.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(properties.locale()).isEqualTo(Locale.forLanguageTag("en-GB"));
        assertThat(properties.publicUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(properties.retry()).isEqualTo(new MailProperties.Retry(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)));
        assertThat(properties.resend()).isEqualTo(new MailProperties.Resend(Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofHours(1), 12, Duration.ofMinutes(2), 50));
    }

    @Test
    void bind_everythingSet_overridesEachValue() {
        MailProperties properties = bind(Map.ofEntries(
                Map.entry("medledger.notification.mail.from", "Hospital <noreply@hospital.example>"),
                Map.entry("medledger.notification.mail.templates", "file:/etc/medledger/mail/"),
                Map.entry("medledger.notification.mail.zone", "Europe/Rome"),
                Map.entry("medledger.notification.mail.locale", "it-IT"),
                Map.entry("medledger.notification.mail.public-url", "https://medledger.hospital.example"),
                Map.entry("medledger.notification.mail.retry.max-attempts", "3"),
                Map.entry("medledger.notification.mail.retry.initial-interval", "250ms"),
                Map.entry("medledger.notification.mail.retry.multiplier", "3"),
                Map.entry("medledger.notification.mail.retry.max-interval", "5s"),
                Map.entry("medledger.notification.mail.resend.interval", "30s"),
                Map.entry("medledger.notification.mail.resend.initial-delay", "2m"),
                Map.entry("medledger.notification.mail.resend.max-delay", "3h"),
                Map.entry("medledger.notification.mail.resend.max-resends", "4"),
                Map.entry("medledger.notification.mail.resend.claim-lease", "5m"),
                Map.entry("medledger.notification.mail.resend.batch-size", "10")));

        assertThat(properties.from()).isEqualTo("Hospital <noreply@hospital.example>");
        assertThat(properties.templates()).isEqualTo("file:/etc/medledger/mail/");
        assertThat(properties.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(properties.locale()).isEqualTo(Locale.ITALY);
        assertThat(properties.publicUrl()).isEqualTo(URI.create("https://medledger.hospital.example"));
        assertThat(properties.retry()).isEqualTo(new MailProperties.Retry(3, Duration.ofMillis(250), 3.0, Duration.ofSeconds(5)));
        assertThat(properties.resend()).isEqualTo(new MailProperties.Resend(Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofHours(3), 4, Duration.ofMinutes(5), 10));
    }

    @Test
    void resendNextAttempt_doublesFromTheInitialDelayUpToTheMaximum_thenNoMore() {
        var resend = new MailProperties.Resend(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(5), 5,
                Duration.ofMinutes(2), 50);
        Instant failedAt = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(resend.nextAttempt(failedAt, 0)).isEqualTo(failedAt.plus(Duration.ofMinutes(1)));
        assertThat(resend.nextAttempt(failedAt, 2)).isEqualTo(failedAt.plus(Duration.ofMinutes(4)));
        assertThat(resend.nextAttempt(failedAt, 4)).isEqualTo(failedAt.plus(Duration.ofMinutes(5)));
        assertThat(resend.nextAttempt(failedAt, 5)).isNull();
    }

    private static MailProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("medledger.notification.mail", MailProperties.class);
    }
}
