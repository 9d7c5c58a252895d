package org.medledger.events;

/**
 * The data of a MedLedger CloudEvent. Implementations are records annotated with {@link EventType} and
 * listed in {@link EventCatalog}.
 */
public interface DomainEvent {

    /** Id of the aggregate the event is about: the Kafka record key and the CloudEvent subject. */
    String aggregateId();
}
