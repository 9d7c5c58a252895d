package org.medledger.notification.mail;

import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends one mail through SMTP, retrying outages with exponential back-off (the resilience4j {@code smtp} retry).
 *
 * <p>{@link JavaMailSender} blocks, so each attempt runs on the bounded-elastic scheduler. Every failure is
 * {@linkplain SmtpFailure#classify classified} first; only transient ones are retried. The returned {@code Mono}
 * completes when the server accepted the mail, or fails with {@link RecipientRejectedException} (the address
 * bounced), {@link SmtpUnavailableException} (retries exhausted) or {@link SmtpRejectedException} (refused for good).
 *
 * <p>The message is {@code multipart/alternative}: the plain-text part first, the HTML part last (the one clients
 * prefer), both UTF-8. It carries {@code Auto-Submitted: auto-generated} (RFC 3834) so that auto-responders stay
 * quiet, and {@value #NOTIFICATION_HEADER} with the notification id for support.
 */
@Component
public class MailTransport {

    /** Header naming the in-app notification a mail belongs to. */
    public static final String NOTIFICATION_HEADER = "X-MedLedger-Notification";

    private final JavaMailSender sender;
    private final Retry retry;
    private final InternetAddress from;

    public MailTransport(JavaMailSender sender, @Qualifier("smtpRetry") Retry retry, MailProperties properties) {
        this.sender = sender;
        this.retry = retry;
        try {
            this.from = new InternetAddress(properties.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("medledger.notification.mail.from is not a valid address: " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code mail} to {@code to}.
     *
     * @param notificationId the notification the mail belongs to, put in a header
     * @param onTransientFailure called after each failed attempt that will be retried (or that exhausted the budget),
     *     e.g. to record the attempt; it must not fail
     */
    public Mono<Void> send(String to, RenderedMail mail, String notificationId,
            Function<SmtpFailure, Mono<Void>> onTransientFailure) {
        AtomicInteger attempts = new AtomicInteger();
        return attempt(to, mail, notificationId, attempts, onTransientFailure)
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(AttemptFailed.class, failed -> classified(failed, attempts.get()));
    }

    /**
     * Sends {@code mail} to {@code to} with a single attempt, no retry: for the resend sweep, which has its own
     * back-off between runs and must not hold a run for a whole retry budget per mail while SMTP is down.
     */
    public Mono<Void> sendOnce(String to, RenderedMail mail, String notificationId) {
        AtomicInteger attempts = new AtomicInteger();
        return attempt(to, mail, notificationId, attempts, failure -> Mono.empty())
                .onErrorMap(AttemptFailed.class, failed -> classified(failed, attempts.get()));
    }

    private Mono<Void> attempt(String to, RenderedMail mail, String notificationId, AtomicInteger attempts,
            Function<SmtpFailure, Mono<Void>> onTransientFailure) {
        return Mono.<Void>fromRunnable(() -> {
                    attempts.incrementAndGet();
                    sender.send(compose(to, mail, notificationId));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> !(e instanceof AttemptFailed), e -> new AttemptFailed(SmtpFailure.classify(e)))
                .onErrorResume(AttemptFailed.class, failed -> failed.failure.isTransient()
                        ? onTransientFailure.apply(failed.failure).then(Mono.error(failed))
                        : Mono.error(failed));
    }

    private static RuntimeException classified(AttemptFailed failed, int attempts) {
        return switch (failed.failure.kind()) {
            case TRANSIENT -> new SmtpUnavailableException(attempts, failed.failure);
            case RECIPIENT_REJECTED -> new RecipientRejectedException(failed.failure);
            case PERMANENT -> new SmtpRejectedException(failed.failure);
        };
    }

    /** The retry predicate: only transient failures are worth another attempt. */
    static boolean isRetryable(Throwable e) {
        return e instanceof AttemptFailed failed && failed.failure.isTransient();
    }

    private MimeMessage compose(String to, RenderedMail mail, String notificationId) {
        MimeMessage message = sender.createMimeMessage();
        try {
            message.setFrom(from);
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setHeader(NOTIFICATION_HEADER, notificationId);
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            return message;
        } catch (AddressException e) {
            throw new AttemptFailed(SmtpFailure.classify(e));
        } catch (MessagingException e) {
            throw new MailPreparationException("mail could not be built (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One classified failed attempt; internal, without stack trace (it travels only through the retry). */
    static final class AttemptFailed extends RuntimeException {

        private final transient SmtpFailure failure;

        AttemptFailed(SmtpFailure failure) {
            super(failure.summary(), null, false, false);
            this.failure = failure;
        }
    }
}
