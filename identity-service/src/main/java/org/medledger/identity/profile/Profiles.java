package org.medledger.identity.profile;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads of the profile store that several features share; each feature writes with its own conditional updates. */
@Component
public class Profiles {

    private final ReactiveMongoTemplate mongo;

    public Profiles(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The completed profile of a Keycloak user; empty when there is none. */
    public Mono<Profile> byUserId(String userId) {
        return mongo.findOne(Query.query(Criteria.where(Profile.Fields.USER_ID).is(userId)), Profile.class);
    }

    /** The profile (completed or pending) holding this e-mail address, compared case-insensitively. */
    public Mono<Profile> byEmail(String email) {
        return mongo.findById(Profile.emailKey(email), Profile.class);
    }

    /** Query for the completed profile of a Keycloak user. */
    public static Query userQuery(String userId) {
        return Query.query(Criteria.where(Profile.Fields.USER_ID).is(userId));
    }
}
