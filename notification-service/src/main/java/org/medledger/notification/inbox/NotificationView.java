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
     * @param status PENDING (waiting or being retried), SENT, FAILED or BOUNCED (the address was refused)
     * @param updatedAt when the status last changed
     */
    public record Email(@Schema(allowableValues = {"PENDING", "SENT", "FAILED", "BOUNCED"}) EmailStatus status,
            Instant updatedAt) {
    }

    public static NotificationView of(Notification notification) {
        EmailDelivery email = notification.email();
        return new NotificationView(notification.id(), notification.kind(), notification.title(), notification.body(),
                notification.refs() == null ? Map.of() : notification.refs(), notification.createdAt(),
                notification.readAt() != null, notification.readAt(),
                email == null ? null : new Email(email.status() == EmailStatus.PENDING_CONTACT ? EmailStatus.PENDING : email.status(),
                        email.updatedAt()));
    }
}
