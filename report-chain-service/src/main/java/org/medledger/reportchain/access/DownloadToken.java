package org.medledger.reportchain.access;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A download token, stored only as its SHA-256.
 *
 * @param id SHA-256 of the token, hex
 * @param userId who may use it
 * @param reportId the report it downloads
 * @param expiresAt when it stops being accepted
 * @param usedAt when it was spent, or null
 */
@Document(DownloadToken.COLLECTION)
record DownloadToken(@Id String id, String userId, String reportId, Instant expiresAt, Instant usedAt) {

    static final String COLLECTION = "download_tokens";
}
