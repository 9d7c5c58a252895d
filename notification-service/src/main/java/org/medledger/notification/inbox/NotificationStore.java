package org.medledger.notification.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The {@code notifications} collection. Each change is one single-document update, conditional where two workers
 * could race (a consumer and the contact that arrives at the same moment both try to send a waiting mail: only the
 * one whose {@link #claimWaiting claim} matched sends it). Every mail is claimed (PENDING to SENDING, with a lease)
 * before it is sent, so two consumers handling the same event (a redelivery after a rebalance) send it once.
 */
@Component
public class NotificationStore {

    private static final String EMAIL_STATUS = "email.status";
    private static final String LEASE_UNTIL = "email.leaseUntil";
    private static final String NEXT_ATTEMPT_AT = "email.nextAttemptAt";

    private final ReactiveMongoTemplate mongo;
    private final NotificationFeed feed;

    public NotificationStore(ReactiveMongoTemplate mongo, NotificationFeed feed) {
        this.mongo = mongo;
        this.feed = feed;
    }

    /**
     * The id of the notification about {@code key} for {@code recipientId}: a name-based UUID, opaque in URLs,
     * the same on every replay.
     */
    public static String idOf(String key, String recipientId) {
        return UUID.nameUUIDFromBytes((key + "\n" + recipientId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Creates {@code draft} unless it exists; an existing notification keeps its read state, its creation time and its
     * e-mail. With {@code replaceContent} the title, body and references are overwritten (a later event that knows
     * more about the same thing). A newly created notification is pushed to the recipient's open streams.
     *
     * @return the notification as stored
     */
    public Mono<Notification> upsert(Notification draft, boolean replaceContent) {
        Update update = new Update()
                .setOnInsert("recipientId", draft.recipientId())
                .setOnInsert("kind", draft.kind())
                .setOnInsert("createdAt", draft.createdAt());
        if (replaceContent) {
            update.set("title", draft.title()).set("body", draft.body()).set("refs", draft.refs());
        } else {
            update.setOnInsert("title", draft.title()).setOnInsert("body", draft.body()).setOnInsert("refs", draft.refs());
        }
        return mongo.findAndModify(byId(draft.id()), update, FindAndModifyOptions.options().upsert(true).returnNew(false),
                        Notification.class)
                // two events about the same thing (an access request) can race to insert: the loser finds the document
                .retryWhen(Retry.max(1).filter(DuplicateKeyException.class::isInstance))
                .map(previous -> false)
                .defaultIfEmpty(true)
                .flatMap(created -> mongo.findById(draft.id(), Notification.class)
                        .doOnNext(stored -> {
                            if (created) {
                                feed.publish(stored);
                            }
                        }));
    }

    /** Attaches {@code email} unless the notification already has one. */
    public Mono<Notification> attachEmail(String id, EmailDelivery email) {
        Query withoutEmail = Query.query(Criteria.where("_id").is(id).and("email").isNull());
        return mongo.findAndModify(withoutEmail, new Update().set("email", email),
                        FindAndModifyOptions.options().returnNew(true), Notification.class)
                .switchIfEmpty(Mono.defer(() -> mongo.findById(id, Notification.class)));
    }

    /**
     * Claims a mail that waited for its contact, for sending to {@code to} until {@code leaseUntil}: empty when another
     * worker took it first.
     */
    public Mono<Notification> claimWaiting(String id, String to, Instant leaseUntil) {
        return claim(Criteria.where("_id").is(id).and(EMAIL_STATUS).is(EmailStatus.PENDING_CONTACT), to, leaseUntil, false);
    }

    /**
     * Claims a mail for sending to {@code to} until {@code leaseUntil}: a PENDING one, a FAILED one (a redelivered or
     * replayed event), or one whose previous sender's claim expired (it died). Empty when the mail is SENT, BOUNCED,
     * EXPIRED or claimed by another live sender: only the worker whose claim matched sends it.
     */
    public Mono<Notification> claimForSending(String id, String to, Instant leaseUntil) {
        Criteria claimable = new Criteria().orOperator(
                Criteria.where(EMAIL_STATUS).in(EmailStatus.PENDING, EmailStatus.FAILED),
                Criteria.where(EMAIL_STATUS).is(EmailStatus.SENDING).and(LEASE_UNTIL).lt(Instant.now()));
        return claim(new Criteria().andOperator(Criteria.where("_id").is(id), claimable), to, leaseUntil, false);
    }

    /**
     * The mails the resend sweep should take up, oldest first: FAILED ones due again, claimed ones whose sender's
     * lease expired before {@code now}, and PENDING ones untouched since {@code staleBefore} (their consumer died
     * between planning and claiming).
     */
    public Flux<Notification> dueForResend(Instant now, Instant staleBefore, int limit) {
        Query query = Query.query(due(now, staleBefore)).with(Sort.by("email.updatedAt")).limit(limit);
        return mongo.find(query, Notification.class);
    }

    /** Claims a mail found by {@link #dueForResend} if it is still due, counting the resend: empty when it is not. */
    public Mono<Notification> claimDue(String id, Instant now, Instant staleBefore, Instant leaseUntil) {
        return claim(new Criteria().andOperator(Criteria.where("_id").is(id), due(now, staleBefore)), null, leaseUntil, true);
    }

    private static Criteria due(Instant now, Instant staleBefore) {
        return new Criteria().orOperator(
                Criteria.where(EMAIL_STATUS).is(EmailStatus.FAILED).and(NEXT_ATTEMPT_AT).lte(now),
                Criteria.where(EMAIL_STATUS).is(EmailStatus.SENDING).and(LEASE_UNTIL).lt(now),
                Criteria.where(EMAIL_STATUS).is(EmailStatus.PENDING).and("email.updatedAt").lt(staleBefore));
    }

    private Mono<Notification> claim(Criteria criteria, String to, Instant leaseUntil, boolean resend) {
        Update update = new Update().set(EMAIL_STATUS, EmailStatus.SENDING).set(LEASE_UNTIL, leaseUntil)
                .unset(NEXT_ATTEMPT_AT).set("email.updatedAt", Instant.now());
        if (to != null) {
            update.set("email.to", to);
        }
        if (resend) {
            update.inc("email.resends", 1);
        }
        return mongo.findAndModify(Query.query(criteria), update, FindAndModifyOptions.options().returnNew(true),
                Notification.class);
    }

    /** Counts a failed SMTP attempt that will be retried, and renews the sender's claim for the next one. */
    public Mono<Void> attemptFailed(String id, String error, Instant leaseUntil) {
        return mongo.updateFirst(byId(id), new Update().inc("email.attempts", 1).set("email.lastError", error)
                .set(LEASE_UNTIL, leaseUntil).set("email.updatedAt", Instant.now()), Notification.class).then();
    }

    public Mono<Void> markSent(String id) {
        Instant now = Instant.now();
        return mongo.updateFirst(byId(id), new Update().set(EMAIL_STATUS, EmailStatus.SENT).inc("email.attempts", 1)
                .set("email.sentAt", now).set("email.updatedAt", now).unset(LEASE_UNTIL).unset(NEXT_ATTEMPT_AT),
                Notification.class).then();
    }

    /**
     * Marks the mail FAILED; {@code countAttempt} is false when it was never tried (SMTP was already known down, or the
     * mail could not be built).
     *
     * @param nextAttemptAt when the resend sweep sends it again; null when it will not
     */
    public Mono<Void> markFailed(String id, String error, boolean countAttempt, Instant nextAttemptAt) {
        Update update = new Update().set(EMAIL_STATUS, EmailStatus.FAILED).set("email.lastError", error)
                .set("email.updatedAt", Instant.now()).unset(LEASE_UNTIL).set(NEXT_ATTEMPT_AT, nextAttemptAt);
        if (countAttempt) {
            update.inc("email.attempts", 1);
        }
        return mongo.updateFirst(byId(id), update, Notification.class).then();
    }

    /** Marks FAILED, without trying, every mail of {@code recipientId} still waiting for the contact (SMTP is down). */
    public Mono<Void> failWaiting(String recipientId, String to, String error, Instant nextAttemptAt) {
        Query waiting = Query.query(Criteria.where("recipientId").is(recipientId).and(EMAIL_STATUS).is(EmailStatus.PENDING_CONTACT));
        return mongo.updateMulti(waiting, new Update().set(EMAIL_STATUS, EmailStatus.FAILED).set("email.to", to)
                .set("email.lastError", error).set("email.updatedAt", Instant.now()).set(NEXT_ATTEMPT_AT, nextAttemptAt),
                Notification.class).then();
    }

    /** Marks a one-time code mail EXPIRED (its code expired before it went out), unless it was sent or bounced. */
    public Mono<Void> markExpired(String id) {
        Query unsent = Query.query(Criteria.where("_id").is(id).and(EMAIL_STATUS).nin(EmailStatus.SENT, EmailStatus.BOUNCED));
        return mongo.updateFirst(unsent, new Update().set(EMAIL_STATUS, EmailStatus.EXPIRED)
                .set("email.lastError", "one-time code expired before it was sent").set("email.updatedAt", Instant.now())
                .unset(LEASE_UNTIL).unset(NEXT_ATTEMPT_AT), Notification.class).then();
    }

    public Mono<Void> markBounced(String id, String error, boolean countAttempt) {
        Update update = new Update().set(EMAIL_STATUS, EmailStatus.BOUNCED).set("email.lastError", error)
                .set("email.updatedAt", Instant.now()).unset(LEASE_UNTIL).unset(NEXT_ATTEMPT_AT);
        if (countAttempt) {
            update.inc("email.attempts", 1);
        }
        return mongo.updateFirst(byId(id), update, Notification.class).then();
    }

    /** The recipient's mails that wait for their contact, oldest first. */
    public Flux<Notification> waitingForContact(String recipientId) {
        Query query = Query.query(Criteria.where("recipientId").is(recipientId).and(EMAIL_STATUS).is(EmailStatus.PENDING_CONTACT))
                .with(Sort.by("createdAt"));
        return mongo.find(query, Notification.class);
    }

    /** One page of the recipient's notifications, newest first. */
    public Mono<List<Notification>> page(String recipientId, boolean unreadOnly, int page, int size) {
        Query query = ofRecipient(recipientId, unreadOnly)
                .with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id")))
                .skip((long) page * size)
                .limit(size);
        return mongo.find(query, Notification.class).collectList();
    }

    public Mono<Long> count(String recipientId, boolean unreadOnly) {
        return mongo.count(ofRecipient(recipientId, unreadOnly), Notification.class);
    }

    /** Marks the recipient's notification read (keeping the first read time); empty when it is not theirs or absent. */
    public Mono<Notification> markRead(String id, String recipientId) {
        Query unreadOwn = Query.query(Criteria.where("_id").is(id).and("recipientId").is(recipientId).and("readAt").isNull());
        return mongo.findAndModify(unreadOwn, new Update().set("readAt", Instant.now()),
                        FindAndModifyOptions.options().returnNew(true), Notification.class)
                .switchIfEmpty(Mono.defer(() -> mongo.findOne(
                        Query.query(Criteria.where("_id").is(id).and("recipientId").is(recipientId)), Notification.class)));
    }

    private static Query ofRecipient(String recipientId, boolean unreadOnly) {
        Criteria criteria = Criteria.where("recipientId").is(recipientId);
        if (unreadOnly) {
            criteria = criteria.and("readAt").isNull();
        }
        return Query.query(criteria);
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
