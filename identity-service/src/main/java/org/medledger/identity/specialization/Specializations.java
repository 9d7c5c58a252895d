package org.medledger.identity.specialization;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The specializations list: seeded at start-up, read by anyone, extended by admins. */
@Service
public class Specializations implements InitializingBean {

    /** What a code looks like: lower-case words joined by dashes. */
    public static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final int MAX_CODE_LENGTH = 50;

    private static final Logger log = LoggerFactory.getLogger(Specializations.class);

    private final ReactiveMongoTemplate mongo;
    private final SpecializationProperties properties;
    private final Clock clock;

    public Specializations(ReactiveMongoTemplate mongo, SpecializationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** Creates the unique name index and adds the seeded codes that are missing; safe to repeat. */
    @Override
    public void afterPropertiesSet() {
        mongo.indexOps(Specialization.COLLECTION)
                .createIndex(new Index("nameKey", Sort.Direction.ASC).unique().named("name_unique"))
                .thenMany(Flux.fromIterable(properties.seed())
                        .filter(code -> {
                            boolean valid = CODE.matcher(code).matches();
                            if (!valid) {
                                log.warn("Ignoring seeded specialization with an invalid code: {}", code);
                            }
                            return valid;
                        })
                        .concatMap(code -> {
                            String name = displayName(code);
                            return mongo.upsert(Query.query(Criteria.where("_id").is(code)),
                                    new Update().setOnInsert("name", name)
                                            .setOnInsert("nameKey", name.toLowerCase(Locale.ROOT))
                                            .setOnInsert("createdAt", clock.instant()),
                                    Specialization.class)
                                    // a name taken by another code (an admin's entry) keeps the admin's entry
                                    .onErrorResume(DuplicateKeyException.class, e -> Mono.empty());
                        }))
                .then()
                .block(Duration.ofSeconds(30));
    }

    /** Every specialization, by name. */
    public Flux<Specialization> all() {
        return mongo.find(new Query().with(Sort.by("nameKey")), Specialization.class);
    }

    /** Whether {@code code} is on the list. */
    public Mono<Boolean> exists(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Mono.just(false);
        }
        return mongo.exists(Query.query(Criteria.where("_id").is(code)), Specialization.class);
    }

    /**
     * Adds a specialization.
     *
     * @param code its code, or null to derive one from the name
     * @throws ConflictException (as the error signal) when the code or the name exists
     */
    public Mono<Specialization> add(String code, String name, String adminId) {
        String trimmed = name.trim().replaceAll("\\s+", " ");
        String effectiveCode = code == null || code.isBlank() ? codeOf(trimmed) : code.trim();
        if (!CODE.matcher(effectiveCode).matches() || effectiveCode.length() > MAX_CODE_LENGTH) {
            return Mono.error(new InvalidRequestException("invalid-specialization-code",
                    "The code must be lower-case letters and digits in dash-separated words, at most "
                            + MAX_CODE_LENGTH + " characters."));
        }
        Specialization added = new Specialization(effectiveCode, trimmed, trimmed.toLowerCase(Locale.ROOT), adminId,
                clock.instant());
        return mongo.insert(added)
                .onErrorMap(DuplicateKeyException.class, e -> new ConflictException("specialization-exists",
                        "A specialization with this code or name exists already."));
    }

    /** {@code general-practice} → {@code General practice}. */
    static String displayName(String code) {
        String spaced = code.replace('-', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** {@code Sports Medicine} → {@code sports-medicine}. */
    static String codeOf(String name) {
        String code = Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return code.isEmpty() || !Character.isLetter(code.charAt(0)) ? "x-" + code : code;
    }
}
