package org.medledger.localstack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The development mail server (GreenMail): services send through SMTP, and anyone can read what was sent over IMAP.
 *
 * <p>No account needs to exist beforehand: GreenMail creates a mailbox for every recipient when the first message
 * for it arrives, with login = password = the e-mail address (its default, kept on purpose). That is what lets a
 * test or a developer read the one-time download code sent to {@code patient1@demo.medledger.test} by logging in
 * to IMAP as {@code patient1@demo.medledger.test} / {@code patient1@demo.medledger.test}. SMTP accepts mail
 * without authentication, as a relay inside a hospital network would.
 *
 * <p>Mail lives in memory: it is gone after a restart, which suits one-time codes that expire in minutes anyway.
 */
public final class MailServer implements AutoCloseable {

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts SMTP and IMAP on the configured ports. */
    public static MailServer start(LocalStackConfig config) {
        var greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(config.smtpPort(), config.bindHost(), ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(config.imapPort(), config.bindHost(), ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig());
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            greenMail.stop();
            throw new IllegalStateException("mail server did not start on ports " + config.smtpPort() + "/"
                    + config.imapPort() + ": " + e.getMessage(), e);
        }
        return new MailServer(greenMail);
    }

    /** For tests that want to wait for or inspect received mail without an IMAP client. */
    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
