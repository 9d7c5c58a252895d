package org.medledger.support.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.medledger.events.MalformedEventException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The reason a record was parked, in a header safe to read by anyone with access to the dead-letter topic:
 * the exception class and, only for MedLedger's own decoding failures (whose messages never hold data), the
 * message. Spring Kafka's default exception-message and stack-trace headers are dropped because a message can
 * quote the record's data (patient data, one-time codes).
 */
final class DeadLetterHeaders {

    static final String REASON = "medledger-dlt-reason";

    private DeadLetterHeaders() {
    }

    static Headers reason(Exception failure) {
        Throwable cause = failure;
        while ((cause instanceof ListenerExecutionFailedException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason = cause instanceof MalformedEventException
                ? "malformed event: " + cause.getMessage()
                : cause instanceof DeserializationException ? "not a CloudEvent (undecodable record)"
                : cause.getClass().getName();
        Headers headers = new RecordHeaders();
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
