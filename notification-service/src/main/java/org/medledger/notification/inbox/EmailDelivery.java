package org.medledger.notification.inbox;

import java.time.Instant;
import java.util.Map;

/**
 * The e-mail that goes with a notification.
 *
 * @param status where delivery stands
 * @param template the {@link org.medledger.notification.mail.MailTemplate} name
 * @param model the template's values, so the mail can be sent later (when the contact arrives); it never holds a
 *     one-time code: codes reach the mail only in memory, on their way from the event to SMTP
 * @param to the address it was (or is being) sent to; null while the contact is unknown
 * @param attempts SMTP attempts so far
 * @param lastError the last failure: exception class and SMTP reply code, never the server's text
 * @param updatedAt when the status last changed
 * @param sentAt when the SMTP server accepted it
 * @param leaseUntil while SENDING: when the sender's claim expires unless renewed
 * @param resends how many times the resend sweep took it up again
 * @param nextAttemptAt while FAILED: when the resend sweep sends it again; null when it will not
 */
public record EmailDelivery(
        EmailStatus status,
        String template,
        Map<String, Object> model,
        String to,
        int attempts,
        String lastError,
        Instant updatedAt,
        Instant sentAt,
        Instant leaseUntil,
        int resends,
        Instant nextAttemptAt) {

    public static EmailDelivery planned(String template, Map<String, Object> model, String to) {
        return new EmailDelivery(to == null ? EmailStatus.PENDING_CONTACT : EmailStatus.PENDING, template, model, to, 0,
                null, Instant.now(), null, null, 0, null);
    }
}
