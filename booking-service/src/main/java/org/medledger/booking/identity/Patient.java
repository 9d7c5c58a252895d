package org.medledger.booking.identity;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A patient in booking-service's projection: only the name, to label appointments.
 *
 * @param id Keycloak subject
 * @param name display name
 * @param updatedAt last change
 */
@Document(Patient.COLLECTION)
public record Patient(@Id String id, String name, Instant updatedAt) {

    public static final String COLLECTION = "patients";
}
