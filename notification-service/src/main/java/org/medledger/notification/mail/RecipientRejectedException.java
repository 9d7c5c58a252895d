package org.medledger.notification.mail;

/** The SMTP server refused the recipient's address with a 5xx reply: the address bounces. Not retried. */
public class RecipientRejectedException extends RuntimeException {

    private final transient SmtpFailure failure;

    public RecipientRejectedException(SmtpFailure failure) {
        super("recipient refused (" + failure.summary() + ")");
        this.failure = failure;
    }

    public SmtpFailure failure() {
        return failure;
    }
}
