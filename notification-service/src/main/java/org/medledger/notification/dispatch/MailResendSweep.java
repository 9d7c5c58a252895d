package org.medledger.notification.dispatch;

import org.medledger.notification.mail.MailProperties;
import org.medledger.support.scheduling.PeriodicJob;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Makes failed mails converge: every {@code medledger.notification.mail.resend.interval} it sends again the FAILED
 * mails that are due (an SMTP outage longer than the retry budget, whose event is parked on the dead-letter topic; a
 * failure while sending mails that waited for a contact) and takes over those a dead sender left behind. See
 * {@link NotificationDispatcher#resendDue} and {@link MailProperties.Resend}.
 */
@Component
class MailResendSweep extends PeriodicJob {

    private final NotificationDispatcher dispatcher;

    MailResendSweep(NotificationDispatcher dispatcher, MailProperties mail) {
        super("Mail resend sweep", mail.resend().interval(), mail.resend().interval());
        this.dispatcher = dispatcher;
    }

    @Override
    protected Mono<?> runOnce() {
        return dispatcher.resendDue();
    }
}
