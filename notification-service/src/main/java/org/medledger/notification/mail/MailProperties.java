package org.medledger.notification.mail;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
 * @param resend how FAILED mails are sent again later, and how long a sender's claim on a mail holds
 */
@ConfigurationProperties("medledger.notification.mail")
public record MailProperties(
        @DefaultValue("MedLedger <no-reply@medledger.local>") String from,
        @DefaultValue("classpath:/templates/mail/") String templates,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("en-GB") Locale locale,
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue Retry retry,
        @DefaultValue Resend resend) {

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

    /**
     * The resend sweep: every {@code interval} it sends again the FAILED mails that are due (an SMTP outage longer than
     * the retry budget, a failure while sending waiting mails), from their stored model, one attempt each, the first
     * {@code initialDelay} after the failure and twice as long after each failed resend, at most {@code maxResends}
     * times. Mails carrying a one-time code are never resent: the code is not stored. The sweep also takes over mails
     * whose sender died: claimed (SENDING) with an expired lease, or left PENDING for longer than a lease.
     *
     * @param interval between two sweeps; zero switches the sweep off
     * @param initialDelay wait before the first resend of a FAILED mail
     * @param maxDelay longest wait between two resends
     * @param maxResends resends before a mail stays FAILED for good
     * @param claimLease how long a sender's claim on a mail holds (renewed after each failed SMTP attempt): longer than
     *     one attempt plus one retry wait; an expired claim is taken over by a redelivery or by the sweep
     * @param batchSize mails one sweep looks at
     */
    public record Resend(
            @DefaultValue("1m") Duration interval,
            @DefaultValue("1m") Duration initialDelay,
            @DefaultValue("1h") Duration maxDelay,
            @DefaultValue("12") int maxResends,
            @DefaultValue("2m") Duration claimLease,
            @DefaultValue("50") int batchSize) {

        /** When a mail that failed after {@code resends} resends is due again; null when it has had all of them. */
        public Instant nextAttempt(Instant failedAt, int resends) {
            if (resends >= maxResends) {
                return null;
            }
            Duration delay = initialDelay.multipliedBy(1L << Math.min(resends, 30));
            return failedAt.plus(delay.compareTo(maxDelay) > 0 || delay.isNegative() ? maxDelay : delay);
        }
    }
}
