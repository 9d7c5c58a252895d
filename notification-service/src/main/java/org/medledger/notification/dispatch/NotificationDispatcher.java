package org.medledger.notification.dispatch;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medledger.events.DomainEvent;
import org.medledger.events.ReceivedEvent;
import org.medledger.notification.contact.Contact;
import org.medledger.notification.contact.Contacts;
import org.medledger.notification.inbox.EmailDelivery;
import org.medledger.notification.inbox.EmailStatus;
import org.medledger.notification.inbox.Notification;
import org.medledger.notification.inbox.NotificationStore;
import org.medledger.notification.mail.MailDeliveryException;
import org.medledger.notification.mail.MailProperties;
import org.medledger.notification.mail.MailTemplate;
import org.medledger.notification.mail.MailTemplates;
import org.medledger.notification.mail.MailTransport;
import org.medledger.notification.mail.RecipientRejectedException;
import org.medledger.notification.mail.RenderedMail;
import org.medledger.notification.mail.SmtpRejectedException;
import org.medledger.notification.mail.SmtpUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns an event into notifications and sends their mails.
 *
 * <p>First every recipient's in-app notification is stored (with its mail's status), then the mails go out one by
 * one. Every step is idempotent, so a replayed event (a retry, a redelivery after a crash, a replay from the
 * dead-letter topic) sends only what was not sent yet:
 * <ul>
 * <li>the notification's id is derived from the event and the recipient, and an existing one is kept;
 * <li>a mail already SENT, BOUNCED or EXPIRED is not sent again; a FAILED one is tried again;
 * <li>a mail is claimed (PENDING to SENDING, atomically, with a lease) before it is sent, so two consumers handling the
 *     same event at once (a redelivery after a rebalance) send it once; a claim whose sender died expires and is
 *     taken over by a redelivery or by the resend sweep.
 * </ul>
 *
 * <p><b>Mails that fail</b> are recorded FAILED with the reason (an SMTP failure, or the class of any other error such
 * as a template that does not render) and sent again by the {@linkplain #resendDue resend sweep} with back-off, from
 * their stored model; mails carrying a one-time code are the exception (the code is not stored): the user asks for a
 * new code. A code mail whose code has expired is not sent at all: it is recorded EXPIRED.
 *
 * <p><b>A recipient whose contact is unknown</b> (the identity event is late: topics are not ordered with each other)
 * gets the in-app notification at once, and the mail waits as PENDING_CONTACT until the contact arrives
 * ({@link #deliverWaiting}); nothing blocks the partition meanwhile and nothing is dropped. The one exception are
 * mails that carry a one-time code: they cannot wait without storing the code, so the event fails with
 * {@link ContactNotYetKnownException} and the consumer retries it with back-off.
 *
 * <p><b>When SMTP is down</b> the first mail uses the whole retry budget; the event's remaining mails are then marked
 * FAILED without trying (the server is known to be down) and the {@link MailDeliveryException} parks the event on
 * the dead-letter topic.
 */
@Component
public class NotificationDispatcher {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final NotificationPlanner planner;
    private final NotificationStore store;
    private final Contacts contacts;
    private final MailTemplates templates;
    private final MailTransport transport;
    private final String appUrl;
    private final MailProperties.Resend resend;

    NotificationDispatcher(NotificationPlanner planner, NotificationStore store, Contacts contacts, MailTemplates templates,
            MailTransport transport, MailProperties mail) {
        this.resend = mail.resend();
        this.planner = planner;
        this.store = store;
        this.contacts = contacts;
        this.templates = templates;
        this.transport = transport;
        this.appUrl = mail.publicUrl().toString();
    }

    /** Whether {@code event} leads to notifications; the others are skipped without a trace. */
    public boolean handles(ReceivedEvent<? extends DomainEvent> event) {
        return planner.handles(event.data());
    }

    /** Stores the event's notifications and sends their mails. */
    public Mono<Void> dispatch(ReceivedEvent<? extends DomainEvent> event) {
        return planner.plan(event).flatMap(plans -> {
            if (plans.stream().anyMatch(plan -> !plan.secrets().isEmpty() && plan.recipient() == null)) {
                return Mono.error(new ContactNotYetKnownException(event.type(), event.id()));
            }
            if (plans.isEmpty()) {
                log.warn("No recipient known for {} event {}", event.type(), event.id());
            }
            return Flux.fromIterable(plans)
                    .concatMap(this::record)
                    .collectList()
                    .flatMap(recorded -> deliverInOrder(recorded, 0));
        });
    }

    /** Sends the mails that waited for {@code userId}'s contact, which has just arrived. */
    public Mono<Void> deliverWaiting(String userId) {
        return contacts.find(userId)
                .flatMap(contact -> store.waitingForContact(userId)
                        .concatMap(waiting -> store.claimWaiting(waiting.id(), contact.email(), leaseEnd())
                                .flatMap(claimed -> send(claimed, contact, Map.of(), true)), 1)
                        .then()
                        .onErrorResume(MailDeliveryException.class, e -> {
                            // the failed mail is FAILED; the ones behind it are not tried now: FAILED too, and the
                            // resend sweep sends them all once SMTP is back
                            log.warn("Waiting mails for user {} not delivered: {}", userId, e.getMessage());
                            return store.failWaiting(userId, contact.email(), "not attempted: " + e.failure().summary(),
                                    resend.nextAttempt(Instant.now(), 0));
                        }));
    }

    /**
     * One run of the resend sweep: sends again the mails that are due (FAILED ones after their back-off, and those a
     * dead sender left claimed or PENDING), one SMTP attempt each, from the stored model. Stops at the first mail that
     * finds SMTP unavailable: the others wait for the next run.
     */
    public Mono<Void> resendDue() {
        Instant now = Instant.now();
        Instant staleBefore = now.minus(resend.claimLease());
        return store.dueForResend(now, staleBefore, resend.batchSize())
                .concatMap(due -> store.claimDue(due.id(), now, staleBefore, leaseEnd()).flatMap(this::resendClaimed), 0)
                .then()
                .onErrorResume(SmtpUnavailableException.class, e -> {
                    log.info("Resend sweep paused: {}", e.getMessage());
                    return Mono.empty();
                });
    }

    private Mono<Void> resendClaimed(Notification claimed) {
        EmailDelivery email = claimed.email();
        if (carriesCode(email)) {
            log.info("Mail {} for notification {} not resent: its one-time code is not stored", email.template(), claimed.id());
            return store.markFailed(claimed.id(), "one-time code not stored: not resent, a new code can be requested",
                    false, null);
        }
        return contacts.find(claimed.recipientId())
                .switchIfEmpty(Mono.defer(() -> store.markFailed(claimed.id(), "contact unknown", false, null).then(Mono.empty())))
                .flatMap(contact -> send(claimed, contact, Map.of(), false))
                // recorded on the mail; the next one may fare better, unless SMTP is down
                .onErrorResume(e -> !(e instanceof SmtpUnavailableException), e -> Mono.empty());
    }

    private record Recorded(Notification notification, PlannedNotification plan) {
    }

    private Mono<Recorded> record(PlannedNotification plan) {
        Notification draft = new Notification(NotificationStore.idOf(plan.key(), plan.recipientId()), plan.recipientId(),
                plan.kind(), plan.title(), plan.body(), plan.refs(), Instant.now(), null, null);
        return store.upsert(draft, plan.replaceContent())
                .flatMap(stored -> plan.mail() == null || stored.email() != null
                        ? Mono.just(stored)
                        : store.attachEmail(stored.id(), EmailDelivery.planned(plan.mail().name(), plan.model(),
                                plan.recipient() == null ? null : plan.recipient().email())))
                .map(stored -> new Recorded(stored, plan));
    }

    private Mono<Void> deliverInOrder(List<Recorded> recorded, int index) {
        if (index >= recorded.size()) {
            return Mono.empty();
        }
        return deliver(recorded.get(index))
                .onErrorResume(MailDeliveryException.class, e -> notAttempted(recorded.subList(index + 1, recorded.size()), e)
                        .then(Mono.error(e)))
                .then(Mono.defer(() -> deliverInOrder(recorded, index + 1)));
    }

    private Mono<Void> deliver(Recorded recorded) {
        Notification notification = recorded.notification();
        EmailDelivery email = notification.email();
        if (email == null) {
            return Mono.empty();
        }
        Map<String, Object> secrets = recorded.plan().secrets();
        Instant secretsExpireAt = recorded.plan().secretsExpireAt();
        return switch (email.status()) {
            case SENT, BOUNCED, EXPIRED -> Mono.empty();
            case PENDING, FAILED, SENDING -> {
                if (secretsExpireAt != null && !Instant.now().isBefore(secretsExpireAt)) {
                    log.info("Mail {} for notification {} not sent: its one-time code has expired", email.template(),
                            notification.id());
                    yield store.markExpired(notification.id());
                }
                // whoever claims the mail sends it; a mail claimed by another live sender is theirs
                yield contactOf(recorded).flatMap(contact -> store.claimForSending(notification.id(), contact.email(), leaseEnd())
                        .flatMap(claimed -> send(claimed, contact, secrets, true))
                        .switchIfEmpty(Mono.fromRunnable(() -> log.debug("Mail for notification {} is not ours to send",
                                notification.id()))));
            }
            // the contact may have arrived since the plan was made: whoever claims the mail first sends it
            case PENDING_CONTACT -> contacts.find(notification.recipientId())
                    .flatMap(contact -> store.claimWaiting(notification.id(), contact.email(), leaseEnd())
                            .flatMap(claimed -> send(claimed, contact, secrets, true)));
        };
    }

    private Mono<Contact> contactOf(Recorded recorded) {
        Contact known = recorded.plan().recipient();
        return known != null ? Mono.just(known) : contacts.find(recorded.notification().recipientId());
    }

    /** Sends a claimed mail, with the SMTP retry budget ({@code retry}) or a single attempt (the resend sweep). */
    private Mono<Void> send(Notification notification, Contact contact, Map<String, Object> secrets, boolean retry) {
        String id = notification.id();
        if (!contact.reachable()) {
            log.info("Mail for notification {} not sent: the recipient's address bounced before", id);
            return store.markBounced(id, "address refused earlier", false);
        }
        EmailDelivery email = notification.email();
        return Mono.fromCallable(() -> render(email, contact, secrets))
                .flatMap(mail -> retry
                        ? transport.send(contact.email(), mail, id,
                                failure -> store.attemptFailed(id, failure.summary(), leaseEnd()).onErrorResume(e -> Mono.empty()))
                        : transport.sendOnce(contact.email(), mail, id))
                // not an SMTP failure (a template that does not render, a bug): the mail must not stay claimed
                .onErrorResume(e -> !(e instanceof MailDeliveryException || e instanceof RecipientRejectedException), e -> {
                    log.warn("Mail {} for notification {} failed before SMTP: {}", email.template(), id, e.getClass().getName());
                    return store.markFailed(id, e.getClass().getName(), false, nextResend(email)).then(Mono.error(e));
                })
                .then(Mono.defer(() -> store.markSent(id)))
                .doOnSuccess(done -> log.info("Mail {} sent for notification {}", email.template(), id))
                .onErrorResume(RecipientRejectedException.class, e -> {
                    log.warn("Mail {} for notification {} bounced: {}; user {} marked unreachable", email.template(), id,
                            e.failure().summary(), contact.id());
                    return store.markBounced(id, e.failure().summary(), true)
                            .then(contacts.recordBounce(contact.id(), contact.email(), e.failure().replyCode()));
                })
                .onErrorResume(MailDeliveryException.class, e -> {
                    log.warn("Mail {} for notification {} failed: {}", email.template(), id, e.getMessage());
                    return store.markFailed(id, e.failure().summary(), e instanceof SmtpRejectedException || !retry,
                            nextResend(email)).then(Mono.error(e));
                });
    }

    private RenderedMail render(EmailDelivery email, Contact contact, Map<String, Object> secrets) {
        Map<String, Object> model = new HashMap<>(email.model() == null ? Map.of() : email.model());
        model.put("recipientName", contact.nameOr("there"));
        model.put("appUrl", appUrl);
        model.putAll(secrets);
        return templates.render(MailTemplate.valueOf(email.template()), model);
    }

    private Mono<Void> notAttempted(List<Recorded> rest, MailDeliveryException cause) {
        return Flux.fromIterable(rest)
                .filter(recorded -> recorded.notification().email() != null
                        && recorded.notification().email().status() == EmailStatus.PENDING)
                .concatMap(recorded -> store.markFailed(recorded.notification().id(),
                        "not attempted: " + cause.failure().summary(), false, nextResend(recorded.notification().email())))
                .then();
    }

    /** When the resend sweep sends a failed mail again; null for a one-time code mail or one out of resends. */
    private Instant nextResend(EmailDelivery email) {
        return carriesCode(email) ? null : resend.nextAttempt(Instant.now(), email.resends());
    }

    private static boolean carriesCode(EmailDelivery email) {
        try {
            return MailTemplate.valueOf(email.template()).oneTimeCode();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private Instant leaseEnd() {
        return Instant.now().plus(resend.claimLease());
    }
}
