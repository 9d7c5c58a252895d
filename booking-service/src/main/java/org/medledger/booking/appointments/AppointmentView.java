package org.medledger.booking.appointments;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * An appointment as its patient or doctor sees it. report-chain-service reads this (with the doctor's relayed
 * token) to check that an appointment is COMPLETED and the doctor's, and to learn the patient.
 */
@Schema(description = "An appointment, as its patient or its doctor sees it. report-chain-service relies on `id`, "
        + "`status`, `doctorId` and `patientId` to authorise report uploads.")
public record AppointmentView(
        @Schema(description = "Appointment id") String id,
        @Schema(description = "BOOKED, COMPLETED, REPORT_AVAILABLE or CANCELLED") AppointmentStatus status,
        @Schema(description = "The booked slot") String slotId,
        @Schema(description = "The doctor's user id") String doctorId,
        @Schema(description = "The doctor's display name, when known", nullable = true) String doctorName,
        @Schema(description = "The patient's user id") String patientId,
        @Schema(description = "The patient's display name, when known", nullable = true) String patientName,
        @Schema(description = "Start, ISO-8601 instant") Instant start,
        @Schema(description = "End, ISO-8601 instant") Instant end,
        @Schema(description = "What the patient reported when booking") String symptoms,
        @Schema(description = "The patient's age when booking") int age,
        @Schema(description = "The latest stored report, once REPORT_AVAILABLE", nullable = true) String reportId,
        @Schema(description = "When it was booked") Instant createdAt,
        @Schema(description = "When the doctor completed it", nullable = true) Instant completedAt,
        @Schema(description = "When it was cancelled", nullable = true) Instant cancelledAt,
        @Schema(description = "User id of whoever cancelled it", nullable = true) String cancelledBy) {

    static AppointmentView of(Appointment a, String doctorName, String patientName) {
        return new AppointmentView(a.id(), a.status(), a.slotId(), a.doctorId(), doctorName, a.patientId(), patientName,
                a.start(), a.end(), a.symptoms(), a.age(), a.reportId(), a.createdAt(), a.completedAt(), a.cancelledAt(),
                a.cancelledBy());
    }

    /** Leaves out the symptoms. */
    @Override
    public String toString() {
        return "AppointmentView[id=" + id + ", status=" + status + "]";
    }
}
