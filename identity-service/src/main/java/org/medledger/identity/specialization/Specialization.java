package org.medledger.identity.specialization;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One specialization.
 *
 * @param code stable code, e.g. {@code cardiology}; what profiles and events carry
 * @param name display name, e.g. {@code Cardiology}
 * @param nameKey lower-cased name, unique
 * @param createdBy Keycloak subject of the admin who added it; null for the seeded ones
 * @param createdAt when it was added
 */
@Document(Specialization.COLLECTION)
public record Specialization(@Id String code, String name, String nameKey, String createdBy, Instant createdAt) {

    public static final String COLLECTION = "specializations";
}
