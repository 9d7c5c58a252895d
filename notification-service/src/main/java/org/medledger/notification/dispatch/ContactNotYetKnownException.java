package org.medledger.notification.dispatch;

/**
 * A mail that carries a one-time code is for someone whose contact has not arrived from identity-service yet. Such a
 * mail cannot wait in MongoDB (the code would have to be stored), so the record is retried with the consumer's
 * back-off, and parked on the dead-letter topic if the contact still is not there.
 */
public class ContactNotYetKnownException extends RuntimeException {

    ContactNotYetKnownException(String eventType, String eventId) {
        super("no contact yet for the recipient of " + eventType + " event " + eventId);
    }
}
