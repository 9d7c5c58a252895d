package org.medledger.notification.inbox;

/** What a notification is about; the web UI picks icons and actions by it. */
public enum NotificationKind {
    APPOINTMENT_BOOKED,
    APPOINTMENT_CANCELLED,
    REPORT_AVAILABLE,
    DOWNLOAD_CODE_SENT,
    ACCESS_REQUESTED,
    ACCESS_GRANTED,
    ACCESS_DENIED,
    ACCESS_REVOKED,
    CHUNK_LOST,
    AUDIT_ALERT
}
