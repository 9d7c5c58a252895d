package org.medledger.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
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
    }

    @Test
    void bind_everythingSet_overridesEachValue() {
        MailProperties properties = bind(Map.of(
                "medledger.notification.mail.from", "Hospital <noreply@hospital.example>",
                "medledger.notification.mail.templates", "file:/etc/medledger/mail/",
                "medledger.notification.mail.zone", "Europe/Rome",
                "medledger.notification.mail.locale", "it-IT",
                "medledger.notification.mail.public-url", "https://medledger.hospital.example",
                "medledger.notification.mail.retry.max-attempts", "3",
                "medledger.notification.mail.retry.initial-interval", "250ms",
                "medledger.notification.mail.retry.multiplier", "3",
                "medledger.notification.mail.retry.max-interval", "5s"));

        assertThat(properties.from()).isEqualTo("Hospital <noreply@hospital.example>");
        assertThat(properties.templates()).isEqualTo("file:/etc/medledger/mail/");
        assertThat(properties.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(properties.locale()).isEqualTo(Locale.ITALY);
        assertThat(properties.publicUrl()).isEqualTo(URI.create("https://medledger.hospital.example"));
        assertThat(properties.retry()).isEqualTo(new MailProperties.Retry(3, Duration.ofMillis(250), 3.0, Duration.ofSeconds(5)));
    }

    private static MailProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("medledger.notification.mail", MailProperties.class);
    }
}
