package org.medledger.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * What one failed SMTP attempt means, classified before anything is retried: only an outage is worth retrying.
 *
 * <ul>
 * <li>{@link Kind#RECIPIENT_REJECTED}: the server refused the recipient with a 5xx reply to {@code RCPT TO} (or the
 *     address cannot even be parsed). The address bounces: retrying cannot help.
 * <li>{@link Kind#PERMANENT}: another 5xx (sender refused, message refused), failed authentication or a mail that
 *     cannot be built: a configuration problem, not worth retrying.
 * <li>{@link Kind#TRANSIENT}: everything else: the server is unreachable, times out, or answers 4xx.
 * </ul>
 *
 * @param kind the class of failure
 * @param replyCode the SMTP reply code when the server gave one, else 0
 * @param summary a short description that is safe to log and store: the exception class and reply code only,
 *     never the server's text (it can quote the address)
 */
public record SmtpFailure(Kind kind, int replyCode, String summary) {

    /** The classes of SMTP failure. */
    public enum Kind { TRANSIENT, RECIPIENT_REJECTED, PERMANENT }

    /** Classifies {@code failure}, looking through Spring's and Jakarta Mail's nested exceptions. */
    public static SmtpFailure classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        String name = failure.getClass().getSimpleName();
        for (Throwable t : chain) {
            if (t instanceof SMTPAddressFailedException rejected) {
                int code = rejected.getReturnCode();
                return new SmtpFailure(code / 100 == 5 ? Kind.RECIPIENT_REJECTED : Kind.TRANSIENT, code,
                        name + ", RCPT reply " + code);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof AddressException) {
                return new SmtpFailure(Kind.RECIPIENT_REJECTED, 0, name + ", invalid address");
            }
            if (t instanceof SMTPSenderFailedException refused) {
                return byReply(refused.getReturnCode(), name + ", MAIL FROM reply ");
            }
            if (t instanceof SMTPSendFailedException refused) {
                return byReply(refused.getReturnCode(), name + ", reply ");
            }
            if (t instanceof SendFailedException unsent && unsent.getInvalidAddresses() != null
                    && unsent.getInvalidAddresses().length > 0) {
                return new SmtpFailure(Kind.RECIPIENT_REJECTED, 0, name + ", recipient refused");
            }
            if (t instanceof MailAuthenticationException) {
                return new SmtpFailure(Kind.PERMANENT, 0, name + ", authentication failed");
            }
            if (t instanceof MailParseException || t instanceof MailPreparationException) {
                return new SmtpFailure(Kind.PERMANENT, 0, name + ", mail could not be built");
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return new SmtpFailure(Kind.TRANSIENT, 0, root == failure ? name : name + " caused by " + root.getClass().getSimpleName());
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    private static SmtpFailure byReply(int code, String summary) {
        return new SmtpFailure(code / 100 == 5 ? Kind.PERMANENT : Kind.TRANSIENT, code, summary + code);
    }

    private static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        collect(failure, seen, out);
        return out;
    }

    private static void collect(Throwable t, Set<Throwable> seen, List<Throwable> out) {
        if (t == null || !seen.add(t)) {
            return;
        }
        out.add(t);
        if (t instanceof MailSendException send) {
            for (Exception nested : send.getMessageExceptions()) {
                collect(nested, seen, out);
            }
        }
        if (t instanceof MessagingException messaging) {
            collect(messaging.getNextException(), seen, out);
        }
        collect(t.getCause(), seen, out);
    }
}
