package org.medledger.notification.mail;

/** The SMTP server stayed unreachable (or kept answering 4xx) through every attempt of the retry budget. */
public class SmtpUnavailableException extends MailDeliveryException {

    public SmtpUnavailableException(int attempts, SmtpFailure failure) {
        super("SMTP unavailable after " + attempts + " attempts (" + failure.summary() + ")", failure);
    }
}
