package org.medledger.notification.inbox;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * A notification as its recipient sees it.
 *
 * @param id notification id
 * @param kind what it is about
 * @param title one line
 * @param body plain text (the client escapes it when it renders HTML)
 * @param refs ids of what it is about, for links: {@code appointmentId}, {@code reportId}, {@code requestId}, {@code auditId}
 * @param createdAt when it was created
 * @param read whether the user marked it read
 * @param readAt when, or null
 * @param email the e-mail that goes with it, or null when there is none
 */
public record NotificationView(
        String id,
        NotificationKind kind,
        String title,
        String body,
        Map<String, String> refs,
        Instant createdAt,
        boolean read,
        Instant readAt,
        Email email) {

    /**
     * Delivery of the e-mail that goes with a notification.
     *
     * @param status PENDING (waiting, being sent or retried), SENT, FAILED (tried again later, except a one-time code
     *     mail: ask for a new code), BOUNCED (the address was refused) or EXPIRED (a one-time code that expired
     *     before it could be sent)
     * @param updatedAt when the status last changed
     */
    public record Email(@Schema(allowableValues = {"PENDING", "SENT", "FAILED", "BOUNCED", "EXPIRED"}) EmailStatus status,
            Instant updatedAt) {
    }

    public static NotificationView of(Notification notification) {
        EmailDelivery email = notification.email();
        return new NotificationView(notification.id(), notification.kind(), notification.title(), notification.body(),
                notification.refs() == null ? Map.of() : notification.refs(), notification.createdAt(),
                notification.readAt() != null, notification.readAt(),
                email == null ? null : new Email(shown(email.status()),
                        email.updatedAt()));
    }

    /** Waiting for the contact and being sent are both PENDING to the user. */
    private static EmailStatus shown(EmailStatus status) {
        return status == EmailStatus.PENDING_CONTACT || status == EmailStatus.SENDING ? EmailStatus.PENDING : status;
    }
}
