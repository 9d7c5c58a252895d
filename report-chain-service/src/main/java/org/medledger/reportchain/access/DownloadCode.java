package org.medledger.reportchain.access;

import java.time.Instant;
import java.util.List;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A one-time download code, stored only as a salted hash (see {@link Secrets}).
 *
 * @param id random UUID
 * @param reportId the report it unlocks
 * @param userId who asked for it (Keycloak subject); only they can exchange it
 * @param salt per-code random salt, hex
 * @param hash HMAC-SHA256(salt, code), hex
 * @param status {@link Status}
 * @param attempts wrong codes tried against it
 * @param createdAt when it was issued
 * @param expiresAt when it stops being accepted; MongoDB removes the document {@value #RETENTION} later (TTL index),
 *     so a late attempt still gets a precise refusal before the code is gone for good
 * @param outbox {@code DownloadCodeIssued} (with the code) until the relay publishes it
 */
@Document(DownloadCode.COLLECTION)
@CompoundIndex(name = "report_user_created", def = "{'reportId': 1, 'userId': 1, 'createdAt': -1}")
record DownloadCode(@Id String id, String reportId, String userId, String salt, String hash, Status status,
        int attempts, Instant createdAt,
        @Indexed(name = "expires_ttl", expireAfter = RETENTION) Instant expiresAt, List<OutgoingEvent> outbox) {

    static final String COLLECTION = "download_codes";
    /** How long an expired code is kept before MongoDB deletes it. */
    static final String RETENTION = "1h";

    enum Status { ACTIVE, USED, VOIDED, SUPERSEDED }
}
