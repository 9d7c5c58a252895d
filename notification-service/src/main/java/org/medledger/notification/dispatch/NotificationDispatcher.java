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
 * <li>a mail already SENT or BOUNCED is not sent again; a FAILED one is tried again.
 * </ul>
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

    NotificationDispatcher(NotificationPlanner planner, NotificationStore store, Contacts contacts, MailTemplates templates,
            MailTransport transport, MailProperties mail) {
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
                        .concatMap(waiting -> store.claimWaiting(waiting.id(), contact.email())
                                .flatMap(claimed -> send(claimed, contact, Map.of())), 1)
                        .then())
                .onErrorResume(MailDeliveryException.class, e -> {
                    // the failed mail is FAILED; the ones behind it keep waiting for the next identity event
                    log.warn("Waiting mails for user {} not delivered: {}", userId, e.getMessage());
                    return Mono.empty();
                });
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
        return switch (email.status()) {
            case SENT, BOUNCED -> Mono.empty();
            case PENDING -> contactOf(recorded).flatMap(contact -> send(notification, contact, secrets));
            case FAILED -> contactOf(recorded).flatMap(contact -> store.reopenFailed(notification.id(), contact.email())
                    .flatMap(reopened -> send(reopened, contact, secrets)));
            // the contact may have arrived since the plan was made: whoever claims the mail first sends it
            case PENDING_CONTACT -> contacts.find(notification.recipientId())
                    .flatMap(contact -> store.claimWaiting(notification.id(), contact.email())
                            .flatMap(claimed -> send(claimed, contact, secrets)));
        };
    }

    private Mono<Contact> contactOf(Recorded recorded) {
        Contact known = recorded.plan().recipient();
        return known != null ? Mono.just(known) : contacts.find(recorded.notification().recipientId());
    }

    private Mono<Void> send(Notification notification, Contact contact, Map<String, Object> secrets) {
        String id = notification.id();
        if (!contact.reachable()) {
            log.info("Mail for notification {} not sent: the recipient's address bounced before", id);
            return store.markBounced(id, "address refused earlier", false);
        }
        EmailDelivery email = notification.email();
        return Mono.fromCallable(() -> render(email, contact, secrets))
                .flatMap(mail -> transport.send(contact.email(), mail, id,
                        failure -> store.attemptFailed(id, failure.summary()).onErrorResume(e -> Mono.empty())))
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
                    return store.markFailed(id, e.failure().summary(), e instanceof SmtpRejectedException)
                            .then(Mono.error(e));
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
                        "not attempted: " + cause.failure().summary(), false))
                .then();
    }
}
