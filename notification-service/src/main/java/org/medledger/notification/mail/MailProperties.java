package org.medledger.notification.mail;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notification e-mail is written and sent. The SMTP server itself is Spring Boot's {@code spring.mail.*}
 * (host, port, credentials, TLS), so any relay works in production.
 *
 * @param from the sender, an RFC 5322 mailbox such as {@code MedLedger <no-reply@medledger.local>}
 * @param templates where the Mustache templates live: one folder per template plus {@code _partials/}; point it at
 *     a {@code file:} folder to restyle without rebuilding
 * @param zone time zone in which dates and times are written in mails and in-app texts
 * @param locale language of day and month names
 * @param publicUrl the web UI's address, linked from every mail
 * @param retry how a mail whose SMTP server is unreachable or answers 4xx is retried
 */
@ConfigurationProperties("medledger.notification.mail")
public record MailProperties(
        @DefaultValue("MedLedger <no-reply@medledger.local>") String from,
        @DefaultValue("classpath:/templates/mail/") String templates,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("en-GB") Locale locale,
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue Retry retry) {

    /**
     * Exponential back-off for transient SMTP failures. With the defaults a mail is tried 6 times over about 31 s
     * (1 + 2 + 4 + 8 + 16 s, each ±20 %), then the notification is FAILED and its event parked on the
     * dead-letter topic. Keep the whole budget well under the Kafka consumer's {@code max.poll.interval.ms}.
     *
     * @param maxAttempts attempts in all, the first included
     * @param initialInterval wait before the second attempt
     * @param multiplier factor applied to the wait after each failure
     * @param maxInterval longest single wait
     */
    public record Retry(
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("1s") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval) {
    }
}
