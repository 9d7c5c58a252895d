package org.medledger.reportchain.report;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An integrity finding for the auditor: one bad copy of one chunk (or a manifest that does not add up), as first
 * and last seen. One document per (report, chunk, store, kind): seeing the same problem again updates
 * {@code lastSeenAt} and {@code occurrences} instead of adding documents.
 *
 * @param id {@code <reportId>:<chunkIndex>:<store>:<kind>}
 * @param reportId the report
 * @param chunkIndex the chunk, or -1 for the manifest as a whole
 * @param store the store holding the bad copy ({@code a}, {@code b}), or {@code manifest}
 * @param bucket the bucket at the time
 * @param key the object key of the bad copy
 * @param kind {@code MISSING}, {@code CORRUPT}, {@code UNREADABLE}, {@code MANIFEST}
 * @param reason what was wrong (hashes and indexes only)
 * @param detectedBy {@code download} here; the auditor adds its own
 * @param status {@code OPEN} until the auditor repairs it
 * @param firstSeenAt first detection
 * @param lastSeenAt latest detection
 * @param occurrences how often it was seen
 */
@Document(Finding.COLLECTION)
public record Finding(
        @Id String id,
        @Indexed String reportId,
        int chunkIndex,
        String store,
        String bucket,
        String key,
        String kind,
        String reason,
        String detectedBy,
        @Indexed String status,
        Instant firstSeenAt,
        Instant lastSeenAt,
        long occurrences) {

    /** The MongoDB collection. */
    public static final String COLLECTION = "findings";
    /** Status of a finding nobody has repaired yet. */
    public static final String OPEN = "OPEN";
    /** Kind of a manifest that is not self-consistent. */
    public static final String MANIFEST = "MANIFEST";
}
