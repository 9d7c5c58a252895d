package org.medledger.events;

import java.time.Instant;

/**
 * A decoded MedLedger CloudEvent.
 *
 * @param id CloudEvent id (deduplication key)
 * @param type CloudEvent type
 * @param source the service that published it
 * @param subject aggregate id
 * @param time when the state change happened
 * @param data the typed event data
 * @param <T> the event data type
 */
public record ReceivedEvent<T extends DomainEvent>(String id, String type, String source, String subject, Instant time,
        T data) {
}
