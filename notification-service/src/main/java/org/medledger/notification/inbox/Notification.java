package org.medledger.notification.inbox;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification for one user: what the web UI lists (title, body, references), plus the e-mail that goes with
 * it, if any. Its id is derived from what it is about and whom it is for, so a replayed event finds the same document
 * instead of making a second one.
 *
 * @param id deterministic id (see {@link NotificationStore#idOf})
 * @param recipientId the user's Keycloak subject: only they can see it
 * @param kind what it is about
 * @param title one line
 * @param body a sentence or two of plain text; never a one-time code
 * @param refs ids of what it is about ({@code appointmentId}, {@code reportId}, {@code requestId}, {@code auditId}),
 *     for the web UI's links
 * @param createdAt when it was created here
 * @param readAt when the user marked it read; null while unread
 * @param email the e-mail that goes with it; null when there is none
 */
@Document(Notification.COLLECTION)
@CompoundIndex(name = "recipient_newest", def = "{'recipientId': 1, 'createdAt': -1}")
@CompoundIndex(name = "recipient_unread_newest", def = "{'recipientId': 1, 'readAt': 1, 'createdAt': -1}")
@CompoundIndex(name = "recipient_email_status", def = "{'recipientId': 1, 'email.status': 1}")
@CompoundIndex(name = "email_status_updated", def = "{'email.status': 1, 'email.updatedAt': 1}")
public record Notification(
        @Id String id,
        String recipientId,
        NotificationKind kind,
        String title,
        String body,
        Map<String, String> refs,
        @Indexed Instant createdAt,
        Instant readAt,
        EmailDelivery email) {

    public static final String COLLECTION = "notifications";
}
