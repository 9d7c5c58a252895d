package org.medledger.support.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service publishes and consumes MedLedger events.
 *
 * @param outboxCollections MongoDB collections whose documents carry pending events in an {@code outbox} array
 * @param outboxPollInterval how often the relay looks for pending events when not nudged
 * @param consumerRetryInitialInterval first back-off before a failed record is retried
 * @param consumerRetryMaxAttempts attempts before a record is parked on the dead-letter topic
 * @param processedEventRetention how long consumed event ids are kept for deduplication; longer than Kafka's
 *     retention, so no redelivery can outlive its id
 */
@ConfigurationProperties("medledger.events")
public record EventsProperties(
        @DefaultValue List<String> outboxCollections,
        @DefaultValue("500ms") Duration outboxPollInterval,
        @DefaultValue("500ms") Duration consumerRetryInitialInterval,
        @DefaultValue("4") int consumerRetryMaxAttempts,
        @DefaultValue("30d") Duration processedEventRetention) {
}
