package org.medledger.notification.dispatch;

import java.time.Instant;
import java.util.Map;
import org.medledger.notification.contact.Contact;
import org.medledger.notification.inbox.NotificationKind;
import org.medledger.notification.mail.MailTemplate;

/**
 * What one event means for one recipient: an in-app notification and, usually, a mail.
 *
 * @param key what the notification is about, with {@code recipientId} the notification's identity: the event id, or
 *     a business key when two events describe the same thing (an access request)
 * @param recipientId who gets it
 * @param recipient their contact; null when identity has not told us about them yet
 * @param kind what it is about
 * @param title in-app title
 * @param body in-app text; never a one-time code
 * @param refs ids for the web UI's links
 * @param replaceContent whether this event's text replaces the one of an earlier event with the same key
 * @param mail the mail to send, or null
 * @param model the mail's values that may be stored
 * @param secrets the mail's values that must never be stored or logged (one-time codes): only for a recipient whose
 *     contact is known, since the mail cannot wait for it without storing them
 * @param secretsExpireAt when the secrets stop being valid (a code's expiry): the mail is not sent after it; null
 *     when they do not expire
 */
record PlannedNotification(
        String key,
        String recipientId,
        Contact recipient,
        NotificationKind kind,
        String title,
        String body,
        Map<String, String> refs,
        boolean replaceContent,
        MailTemplate mail,
        Map<String, Object> model,
        Map<String, Object> secrets,
        Instant secretsExpireAt) {

    /** A plan whose secrets, if any, do not expire. */
    PlannedNotification(String key, String recipientId, Contact recipient, NotificationKind kind, String title,
            String body, Map<String, String> refs, boolean replaceContent, MailTemplate mail, Map<String, Object> model,
            Map<String, Object> secrets) {
        this(key, recipientId, recipient, kind, title, body, refs, replaceContent, mail, model, secrets, null);
    }

    /** Hides the secrets. */
    @Override
    public String toString() {
        return "PlannedNotification[" + kind + " for " + recipientId + ", mail " + mail + "]";
    }
}
