package org.medledger.reportchain.report;

import java.time.Instant;
import org.springframework.data.annotation.Id;

/**
 * A report's metadata as lists show it, read with a projection (no chunk list, no key, no outbox).
 *
 * @param id report id
 * @param appointmentId its appointment
 * @param patientId its patient
 * @param doctorId the uploading doctor
 * @param status its status
 * @param fileName sanitised original file name
 * @param contentType media type
 * @param size plaintext bytes
 * @param chunkCount number of chunks
 * @param rootHash hex Merkle root over the chunk hashes
 * @param createdAt when it was stored
 */
public record ReportSummary(@Id String id, String appointmentId, String patientId, String doctorId,
        ReportStatus status, String fileName, String contentType, long size, int chunkCount, String rootHash,
        Instant createdAt) {

    static final String[] FIELDS = {"appointmentId", "patientId", "doctorId", "status", "fileName", "contentType",
            "size", "chunkCount", "rootHash", "createdAt"};

    static ReportSummary of(Report report) {
        return new ReportSummary(report.id(), report.appointmentId(), report.patientId(), report.doctorId(),
                report.status(), report.fileName(), report.contentType(), report.size(), report.chunkCount(),
                report.rootHash(), report.createdAt());
    }
}
