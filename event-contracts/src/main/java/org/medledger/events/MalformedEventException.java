package org.medledger.events;

/**
 * A record that cannot be decoded into a known MedLedger event: unknown type, missing attribute, invalid
 * JSON or a missing required field. Not retryable; consumers park such records on the dead-letter topic.
 * The message names the event id and type, never the data (it may hold patient data or codes).
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
