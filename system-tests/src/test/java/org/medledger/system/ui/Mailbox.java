package org.medledger.system.ui;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the system e-mailed, straight from the local stack's GreenMail: the one-time codes a user would copy
 * from their inbox into the web UI.
 */
final class Mailbox {

    /** The templates put a code alone on an indented line. */
    private static final Pattern CODE = Pattern.compile("(?m)^\\s{2,}([0-9A-Z-]{6,16})\\s*$");

    private final GreenMail greenMail;

    Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** How many messages {@code recipient} has received so far (to tell a new code from an older one). */
    int count(String recipient) {
        return (int) Arrays.stream(greenMail.getReceivedMessages()).filter(m -> addressedTo(m, recipient)).count();
    }

    /**
     * Waits for a message to {@code recipient} whose subject contains {@code subject}, newer than the first
     * {@code seenBefore} messages to them, and returns the code in it.
     */
    String awaitCode(String recipient, String subject, int seenBefore) {
        return await("an e-mail '" + subject + "' to " + recipient)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> newestCode(recipient, subject, seenBefore), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<String> newestCode(String recipient, String subject, int seenBefore) throws MessagingException {
        Message[] mine = Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> addressedTo(m, recipient))
                .toArray(Message[]::new);
        for (int i = mine.length - 1; i >= seenBefore; i--) {
            if (mine[i].getSubject() != null && mine[i].getSubject().contains(subject)) {
                Matcher code = CODE.matcher(plainText(mine[i]).replace("\r", ""));
                if (code.find()) {
                    return Optional.of(code.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /** The decoded text/plain part of a message (or of its first multipart part that has one). */
    private static String plainText(Part part) throws MessagingException {
        try {
            if (part.isMimeType("text/plain")) {
                return String.valueOf(part.getContent());
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String text = plainText(multipart.getBodyPart(i));
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
            return "";
        } catch (IOException e) {
            throw new MessagingException("unreadable message", e);
        }
    }

    private static boolean addressedTo(Message message, String recipient) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().toLowerCase(Locale.ROOT)
                    .contains(recipient.toLowerCase(Locale.ROOT)));
        } catch (MessagingException e) {
            return false;
        }
    }
}
