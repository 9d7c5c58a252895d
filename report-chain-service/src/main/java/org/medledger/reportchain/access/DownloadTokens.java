package org.medledger.reportchain.access;

import java.time.Clock;
import java.time.Instant;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;

/** Short-lived, single-use download tokens bound to one caller and one report; stored only hashed. */
public class DownloadTokens {

    private final ReactiveMongoTemplate mongo;
    private final AccessProperties properties;
    private final Clock clock;

    public DownloadTokens(ReactiveMongoTemplate mongo, AccessProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** A token issued to a caller, in clear (returned once, never stored). */
    public record Issued(String token, Instant expiresAt) {
    }

    /** Issues a token for {@code userId} on {@code reportId}. The caller has already been authorised. */
    public Mono<Issued> mint(String userId, String reportId) {
        String token = Secrets.token();
        Instant expiresAt = clock.instant().plus(properties.tokenTtl());
        return mongo.insert(new DownloadToken(Secrets.tokenHash(token), userId, reportId, expiresAt, null))
                .thenReturn(new Issued(token, expiresAt));
    }

    /**
     * Spends {@code token} for {@code userId} on {@code reportId}, atomically: of concurrent uses exactly one wins.
     *
     * @return errors: {@link DownloadRefusedException} ({@code download-token-required}, {@code -invalid},
     *     {@code -expired}, {@code -used})
     */
    Mono<Void> consume(String userId, String reportId, String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(new DownloadRefusedException("download-token-required", "Send the X-Download-Token "
                    + "header: request a code (POST .../download-code) and exchange it (POST .../download-token)."));
        }
        if (token.length() > 128) {
            return Mono.error(invalid());
        }
        String id = Secrets.tokenHash(token);
        Instant now = clock.instant();
        Query query = Query.query(Criteria.where("_id").is(id).and("userId").is(userId).and("reportId").is(reportId)
                .and("usedAt").is(null).and("expiresAt").gt(now));
        return mongo.findAndModify(query, new Update().set("usedAt", now), FindAndModifyOptions.options().returnNew(true),
                        DownloadToken.class)
                .switchIfEmpty(Mono.defer(() -> mongo.findById(id, DownloadToken.class)
                        .flatMap(found -> Mono.<DownloadToken>error(diagnose(found, userId, reportId, now)))
                        .switchIfEmpty(Mono.error(invalid()))))
                .then();
    }

    private static DownloadRefusedException diagnose(DownloadToken found, String userId, String reportId, Instant now) {
        if (!found.userId().equals(userId) || !found.reportId().equals(reportId)) {
            return new DownloadRefusedException("download-token-invalid",
                    "This download token was not issued to you for this report.");
        }
        if (found.usedAt() != null) {
            return new DownloadRefusedException("download-token-used",
                    "This download token has already been used; request a new code.");
        }
        if (!found.expiresAt().isAfter(now)) {
            return new DownloadRefusedException("download-token-expired",
                    "This download token has expired; request a new code.");
        }
        return invalid();
    }

    private static DownloadRefusedException invalid() {
        return new DownloadRefusedException("download-token-invalid", "Unknown download token.");
    }
}
