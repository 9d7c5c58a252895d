package org.medledger.booking.identity;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A doctor in booking-service's projection.
 *
 * @param id Keycloak subject
 * @param name display name, null until an event or token names it
 * @param specialization specialization code, when an approval event carried it
 * @param status approval status
 * @param updatedAt last change
 */
@Document(Doctor.COLLECTION)
public record Doctor(@Id String id, String name, String specialization, DoctorStatus status, Instant updatedAt) {

    public static final String COLLECTION = "doctors";

    public boolean approved() {
        return status == DoctorStatus.APPROVED;
    }
}
