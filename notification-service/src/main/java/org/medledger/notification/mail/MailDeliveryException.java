package org.medledger.notification.mail;

/**
 * A mail could not be delivered and will not be by trying again now: either the SMTP server stayed unavailable for
 * the whole retry budget, or it refused the mail for good. The notification is marked FAILED and the event that
 * caused it goes to the dead-letter topic, whose reason header is this exception's class name.
 *
 * <p>The message names the failure's class and SMTP reply code only; the underlying exception is not chained,
 * because the SMTP server's text can quote the recipient's address.
 */
public abstract class MailDeliveryException extends RuntimeException {

    private final transient SmtpFailure failure;

    protected MailDeliveryException(String message, SmtpFailure failure) {
        super(message);
        this.failure = failure;
    }

    /** The last failure, safe to log and store. */
    public SmtpFailure failure() {
        return failure;
    }
}
