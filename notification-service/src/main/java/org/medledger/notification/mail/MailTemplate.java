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
    DOWNLOAD_CODE("download-code", true),
    ACCESS_CODE("access-code", true),
    ACCESS_GRANTED("access-granted"),
    ACCESS_DENIED("access-denied"),
    ACCESS_REVOKED("access-revoked"),
    CHUNK_LOST("chunk-lost"),
    AUDIT_ALERT("audit-alert");

    private final String folder;
    private final boolean oneTimeCode;

    MailTemplate(String folder) {
        this(folder, false);
    }

    MailTemplate(String folder, boolean oneTimeCode) {
        this.folder = folder;
        this.oneTimeCode = oneTimeCode;
    }

    /**
     * Whether the mail carries a one-time code. The code is never stored, so such a mail can be sent only from its
     * event, never again from the stored model.
     */
    public boolean oneTimeCode() {
        return oneTimeCode;
    }

    /** The template's folder name. */
    public String folder() {
        return folder;
    }
}
