package org.medledger.reportchain.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportSummary;

/** A report's metadata: never key material, chunk locations or object keys. */
@Schema(description = "A report's metadata (no key material, no storage locations)")
record ReportView(
        @Schema(description = "Report id") String id,
        @Schema(description = "The completed appointment") String appointmentId,
        @Schema(description = "The patient's user id") String patientId,
        @Schema(description = "The uploading doctor's user id") String doctorId,
        @Schema(description = "STORED") String status,
        @Schema(description = "Original file name, sanitised") String fileName,
        @Schema(description = "Media type declared at upload") String contentType,
        @Schema(description = "Size in bytes") long size,
        @Schema(description = "Number of encrypted chunks") int chunkCount,
        @Schema(description = "Hex Merkle root over the chunk hashes (the receipt hash)") String rootHash,
        @Schema(description = "When it was stored") Instant createdAt) {

    static ReportView of(ReportSummary r) {
        return new ReportView(r.id(), r.appointmentId(), r.patientId(), r.doctorId(), r.status().name(),
                r.fileName(), r.contentType(), r.size(), r.chunkCount(), r.rootHash(), r.createdAt());
    }

    static ReportView of(Report r) {
        return new ReportView(r.id(), r.appointmentId(), r.patientId(), r.doctorId(), r.status().name(),
                r.fileName(), r.contentType(), r.size(), r.chunkCount(), r.rootHash(), r.createdAt());
    }
}
