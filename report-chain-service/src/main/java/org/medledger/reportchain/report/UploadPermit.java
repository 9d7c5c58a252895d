package org.medledger.reportchain.report;

/**
 * Proof that an upload passed its checks (doctor role, the doctor's own COMPLETED appointment, no report yet),
 * obtained before any byte of the file is read. Only {@link ReportUploads#permit} creates one.
 */
public final class UploadPermit {

    private final String appointmentId;
    private final String patientId;
    private final String doctorId;

    UploadPermit(String appointmentId, String patientId, String doctorId) {
        this.appointmentId = appointmentId;
        this.patientId = patientId;
        this.doctorId = doctorId;
    }

    public String appointmentId() {
        return appointmentId;
    }

    public String patientId() {
        return patientId;
    }

    public String doctorId() {
        return doctorId;
    }

    @Override
    public String toString() {
        return "UploadPermit[appointment=" + appointmentId + "]";
    }
}
