package org.medledger.notification.contact;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How to reach a user: the projection of identity-service's registration events ({@code PatientRegistered},
 * {@code DoctorRegistered}, {@code StaffAccountRegistered}) and {@code ProfileUpdated} events (this service never reads identity's database).
 *
 * @param id the user's Keycloak subject
 * @param name display name
 * @param email where notifications go
 * @param role the role the user registered for; null while only a profile update has been seen
 * @param profileTime time of the identity event the name and e-mail come from, so that an older event replayed
 *     later cannot overwrite a newer address
 * @param bounce the last address the SMTP server refused, if any
 * @param updatedAt when this projection last changed
 */
@Document(Contact.COLLECTION)
public record Contact(
        @Id String id,
        String name,
        String email,
        @Indexed ContactRole role,
        Instant profileTime,
        Bounce bounce,
        Instant updatedAt) {

    static final String COLLECTION = "contacts";

    /**
     * An address the SMTP server refused with a 5xx reply to {@code RCPT TO}.
     *
     * @param email the refused address
     * @param replyCode the SMTP reply code, 0 when the address could not even be parsed
     * @param at when it was refused
     */
    public record Bounce(String email, int replyCode, Instant at) {
    }

    /** True when mail can go to the current address: it has not bounced (a new address clears a bounce). */
    public boolean reachable() {
        return email != null && (bounce == null || !bounce.email().equalsIgnoreCase(email));
    }

    /** The name, or {@code fallback} when identity gave none. */
    public String nameOr(String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }
}
