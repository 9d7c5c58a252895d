package org.medledger.identity.profile;

import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Creates the indexes of {@code profiles} before the service takes requests (creating an existing index is a
 * no-op). The e-mail needs none of its own: it is the document id.
 * <ul>
 *   <li>{@code userId}, unique and sparse: a Keycloak user has at most one profile; pending registrations have none.</li>
 *   <li>{@code role, status, specialization, nameKey}: the doctor directory and the pending-doctors list.</li>
 *   <li>{@code status, registration.startedAt}: the sweep of abandoned registrations.</li>
 * </ul>
 */
@Component
class ProfileIndexes implements InitializingBean {

    private final ReactiveMongoTemplate mongo;

    ProfileIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(Profile.COLLECTION);
        Flux.concat(
                        indexes.createIndex(new Index(Profile.Fields.USER_ID, Sort.Direction.ASC).unique().sparse()
                                .named("userId_unique")),
                        indexes.createIndex(new Index(Profile.Fields.ROLE, Sort.Direction.ASC)
                                .on(Profile.Fields.STATUS, Sort.Direction.ASC)
                                .on(Profile.Fields.SPECIALIZATION, Sort.Direction.ASC)
                                .on(Profile.Fields.NAME_KEY, Sort.Direction.ASC)
                                .named("directory")),
                        indexes.createIndex(new Index(Profile.Fields.STATUS, Sort.Direction.ASC)
                                .on(Profile.Fields.REGISTRATION + ".startedAt", Sort.Direction.ASC)
                                .named("pending_registrations")))
                .then()
                .block(Duration.ofSeconds(30));
    }
}
