package org.medledger.notification.contact;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.medledger.events.identity.ProfileUpdated;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code contacts} collection. Every write is a single-document conditional update, so replays and concurrent
 * consumers converge: the role is set by a registration event whatever the order, and name and e-mail only ever
 * move forward in event time.
 */
@Component
public class Contacts {

    private final ReactiveMongoTemplate mongo;

    public Contacts(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Applies a registration ({@code PatientRegistered}, {@code DoctorRegistered} or {@code StaffAccountRegistered});
     * {@code eventTime} orders it against profile updates.
     */
    public Mono<Contact> registered(String userId, ContactRole role, String name, String email, Instant eventTime) {
        Update setRole = new Update().set("role", role).set("updatedAt", Instant.now());
        return mongo.upsert(byId(userId), setRole, Contact.class)
                .then(updateProfile(userId, name, email, eventTime));
    }

    /** Applies a profile update; ignored when a newer one was applied already. */
    public Mono<Contact> profileUpdated(ProfileUpdated event, Instant eventTime) {
        return mongo.upsert(byId(event.userId()), new Update().setOnInsert("updatedAt", Instant.now()), Contact.class)
                .then(updateProfile(event.userId(), event.name(), event.email(), eventTime));
    }

    private Mono<Contact> updateProfile(String userId, String name, String email, Instant eventTime) {
        Query notNewer = Query.query(Criteria.where("_id").is(userId).orOperator(
                Criteria.where("profileTime").lte(eventTime), Criteria.where("profileTime").isNull()));
        Update profile = new Update().set("name", name).set("email", email).set("profileTime", eventTime)
                .set("updatedAt", Instant.now());
        return mongo.findAndModify(notNewer, profile, FindAndModifyOptions.options().returnNew(true), Contact.class)
                .onErrorResume(DuplicateKeyException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.defer(() -> find(userId)));
    }

    public Mono<Contact> find(String userId) {
        return mongo.findById(userId, Contact.class);
    }

    /** The known contacts among {@code userIds}, by id. */
    public Mono<Map<String, Contact>> findAll(Collection<String> userIds) {
        return mongo.find(Query.query(Criteria.where("_id").in(userIds)), Contact.class)
                .collect(Collectors.toMap(Contact::id, Function.identity()));
    }

    /** Everyone who receives integrity alerts: admins and auditors. */
    public Flux<Contact> withRoles(List<ContactRole> roles) {
        return mongo.find(Query.query(Criteria.where("role").in(roles)), Contact.class);
    }

    /** Records that the SMTP server refused {@code email}, if it is still the user's address. */
    public Mono<Void> recordBounce(String userId, String email, int replyCode) {
        Query current = Query.query(Criteria.where("_id").is(userId).and("email").is(email));
        Update bounce = new Update().set("bounce", new Contact.Bounce(email, replyCode, Instant.now()))
                .set("updatedAt", Instant.now());
        return mongo.updateFirst(current, bounce, Contact.class).then();
    }

    private static Query byId(String userId) {
        return Query.query(Criteria.where("_id").is(userId));
    }
}
