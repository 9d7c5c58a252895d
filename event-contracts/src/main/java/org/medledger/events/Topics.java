package org.medledger.events;

/**
 * The Kafka topics MedLedger publishes, one per domain stream. Records are keyed by the aggregate id
 * (the CloudEvent subject), so each aggregate's events stay in order within a partition.
 */
public final class Topics {

    public static final String IDENTITY = "medledger.identity.v1";
    public static final String BOOKING = "medledger.booking.v1";
    public static final String REPORT = "medledger.report.v1";
    public static final String ACCESS = "medledger.access.v1";
    public static final String AUDIT = "medledger.audit.v1";
    public static final String LEDGER = "medledger.ledger.blocks.v1";
    /** One-time codes on their way to notification-service; restrict this topic to that consumer. */
    public static final String CODES = "medledger.codes.v1";

    private static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** The dead-letter topic where a consumer of {@code topic} parks records it cannot process. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
