package org.medledger.notification.mail;

/**
 * The mails MedLedger sends. Each one is a folder under {@link MailProperties#templates()} holding
 * {@code subject.mustache}, {@code text.mustache} (the plain-text part) and {@code html.mustache} (the HTML part).
 */
public enum MailTemplate {

    APPOINTMENT_BOOKED_PATIENT("appointment-booked-patient"),
    APPOINTMENT_BOOKED_DOCTOR("appointment-booked-doctor"),
    APPOINTMENT_CANCELLED("appointment-cancelled"),
    REPORT_AVAILABLE("report-available"),
    DOWNLOAD_CODE("download-code"),
    ACCESS_CODE("access-code"),
    ACCESS_GRANTED("access-granted"),
    ACCESS_DENIED("access-denied"),
    ACCESS_REVOKED("access-revoked"),
    CHUNK_LOST("chunk-lost"),
    AUDIT_ALERT("audit-alert");

    private final String folder;

    MailTemplate(String folder) {
        this.folder = folder;
    }

    /** The template's folder name. */
    public String folder() {
        return folder;
    }
}
