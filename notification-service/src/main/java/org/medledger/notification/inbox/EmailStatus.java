package org.medledger.notification.inbox;

/** Where the e-mail that goes with a notification stands. */
public enum EmailStatus {
    /** The recipient's contact is not known yet (identity event still on its way): sent when it arrives. */
    PENDING_CONTACT,
    /** Being sent, or retried after an SMTP outage. */
    PENDING,
    /** The SMTP server accepted it. */
    SENT,
    /** SMTP stayed unavailable through every retry, or refused the mail for good; the event is on the dead-letter topic. */
    FAILED,
    /** The SMTP server refused the recipient's address (5xx on RCPT TO); the contact is marked bounced. */
    BOUNCED
}
