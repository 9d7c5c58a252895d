package org.medledger.events.report;

import java.time.Instant;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A one-time download code for the requesting user. Sensitive: the code is in the data; the codes topic is readable only by notification-service.
 *
 * @param reportId Report id
 * @param userId Who asked for the code, and receives it
 * @param code The one-time code
 * @param expiresAt When the code expires
 */
@EventType(value = "org.medledger.report.download-code-issued.v1", topic = Topics.CODES)
public record DownloadCodeIssued(
        String reportId,
        String userId,
        String code,
        Instant expiresAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return reportId;
    }

    /** Without the code: a logged or printed event must not leak it. */
    @Override
    public String toString() {
        return "DownloadCodeIssued[reportId=" + reportId + ", userId=" + userId + ", code=(redacted), expiresAt="
                + expiresAt + "]";
    }
}
