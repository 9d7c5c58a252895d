package org.medledger.events.ledger;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A ledger block was sealed and signed; subscribers replicate and verify the ledger from these.
 *
 * @param height Block height, 0 for the first block
 * @param blockJson The signed block exactly as served at /api/ledger/blocks/{height}, canonical JSON
 */
@EventType(value = "org.medledger.ledger.block-sealed.v1", topic = Topics.LEDGER)
public record BlockSealed(
        long height,
        String blockJson) implements DomainEvent {

    /** The whole ledger is one aggregate: one key keeps every block in one partition, in order. */
    public static final String LEDGER_KEY = "ledger";

    @Override
    public String aggregateId() {
        return LEDGER_KEY;
    }
}
