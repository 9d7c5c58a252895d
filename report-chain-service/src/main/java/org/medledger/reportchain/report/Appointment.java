package org.medledger.reportchain.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of booking-service's appointment view an upload needs.
 *
 * @param id appointment id
 * @param status {@code BOOKED}, {@code COMPLETED}, {@code REPORT_AVAILABLE} or {@code CANCELLED}
 * @param doctorId the appointment's doctor
 * @param patientId the appointment's patient
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Appointment(String id, String status, String doctorId, String patientId) {

    /** The status that allows an upload. */
    public static final String COMPLETED = "COMPLETED";
    /** The status once a report is stored. */
    public static final String REPORT_AVAILABLE = "REPORT_AVAILABLE";
}
