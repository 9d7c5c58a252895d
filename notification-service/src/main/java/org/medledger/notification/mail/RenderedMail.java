package org.medledger.notification.mail;

import java.util.Objects;

/**
 * A mail ready to send: a one-line subject and the same message as plain text and as HTML.
 *
 * @param subject the subject, without line breaks
 * @param text the plain-text part
 * @param html the HTML part, every value in it escaped
 */
public record RenderedMail(String subject, String text, String html) {

    public RenderedMail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    /** Hides the content: it can hold a one-time code. */
    @Override
    public String toString() {
        return "RenderedMail[subject length " + subject.length() + "]";
    }
}
