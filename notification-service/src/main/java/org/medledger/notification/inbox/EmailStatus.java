package org.medledger.notification.inbox;

/** Where the e-mail that goes with a notification stands. */
public enum EmailStatus {
    /** The recipient's contact is not known yet (identity event still on its way): sent when it arrives. */
    PENDING_CONTACT,
    /** About to be sent: the event that planned it is being handled. */
    PENDING,
    /**
     * Claimed by one sender, who is sending it (or retrying an SMTP outage): nobody else sends it until the claim's
     * lease expires (the sender died), then a redelivery or the resend sweep takes it over.
     */
    SENDING,
    /** The SMTP server accepted it. */
    SENT,
    /**
     * SMTP stayed unavailable through every retry, refused the mail for good, or the mail could not be built; the
     * resend sweep sends it again later, except a mail carrying a one-time code (the code is not stored: the user asks
     * for a new one).
     */
    FAILED,
    /** The SMTP server refused the recipient's address (5xx on RCPT TO); the contact is marked bounced. */
    BOUNCED,
    /** It carried a one-time code that had expired before it could be sent: not sent at all. */
    EXPIRED
}
