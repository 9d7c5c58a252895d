package org.medledger.notification.mail;

/**
 * The SMTP server refused the mail for good for a reason other than the recipient (5xx to the sender or the data,
 * failed authentication) or the mail could not be built: an operator has to look at the configuration.
 */
public class SmtpRejectedException extends MailDeliveryException {

    public SmtpRejectedException(SmtpFailure failure) {
        super("SMTP refused the mail (" + failure.summary() + ")", failure);
    }
}
