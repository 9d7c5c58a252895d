package org.medledger.reportchain.access;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A download token, stored only as its SHA-256.
 *
 * @param id SHA-256 of the token, hex
 * @param userId who may use it
 * @param reportId the report it downloads
 * @param expiresAt when it stops being accepted; MongoDB removes the document {@value DownloadCode#RETENTION} later
 *     (TTL index), so a late replay is still told "used" or "expired" rather than "unknown"
 * @param usedAt when it was spent, or null
 */
@Document(DownloadToken.COLLECTION)
record DownloadToken(@Id String id, String userId, String reportId,
        @Indexed(name = "expires_ttl", expireAfter = DownloadCode.RETENTION) Instant expiresAt, Instant usedAt) {

    static final String COLLECTION = "download_tokens";
}
