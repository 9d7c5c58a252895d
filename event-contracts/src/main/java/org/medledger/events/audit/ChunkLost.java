package org.medledger.events.audit;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * Alert: an audit found a chunk with no healthy copy in any bucket.
 *
 * @param auditId Audit id
 * @param reportId Report id
 * @param chunkIndex Index of the lost chunk
 */
@EventType(value = "org.medledger.audit.chunk-lost.v1", topic = Topics.AUDIT)
public record ChunkLost(
        String auditId,
        String reportId,
        long chunkIndex) implements DomainEvent {

    @Override
    public String aggregateId() {
        return reportId;
    }
}
