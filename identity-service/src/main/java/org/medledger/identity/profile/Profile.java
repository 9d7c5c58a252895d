package org.medledger.identity.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A MedLedger user's profile: the aggregate of identity-service. Keyed by the lower-cased e-mail address, so that
 * two profiles can never share an e-mail, whatever its case. The e-mail is not editable (it is the Keycloak login).
 *
 * @param emailKey lower-cased, trimmed e-mail address; the document id
 * @param userId Keycloak subject; absent while {@link ProfileStatus#PENDING_KEYCLOAK}
 * @param email e-mail address (lower case, as Keycloak stores it)
 * @param name display name
 * @param nameKey lower-cased name, for case-insensitive search and sorting
 * @param role primary MedLedger role
 * @param status where the profile stands
 * @param gender may be null for accounts created in Keycloak directly (demo accounts)
 * @param address may be null for such accounts
 * @param dateOfBirth ISO-8601 date, may be null for such accounts
 * @param phone may be null for such accounts
 * @param specialization doctors only: a code from the specializations list
 * @param registration while {@link ProfileStatus#PENDING_KEYCLOAK}: who holds the registration and how far it got
 * @param decision doctors only: the admin's approval or rejection
 * @param registeredAt when registration completed (or the account was first seen)
 * @param updatedAt last change
 * @param outbox identity events not yet published (see service-support's OutboxRelay)
 */
@Document(Profile.COLLECTION)
public record Profile(
        @Id String emailKey,
        String userId,
        String email,
        String name,
        String nameKey,
        Role role,
        ProfileStatus status,
        Gender gender,
        String address,
        String dateOfBirth,
        String phone,
        String specialization,
        Registration registration,
        Decision decision,
        Instant registeredAt,
        Instant updatedAt,
        List<OutgoingEvent> outbox) {

    public static final String COLLECTION = "profiles";

    /** Field names, for queries and updates. */
    public static final class Fields {
        public static final String ID = "_id";
        public static final String USER_ID = "userId";
        public static final String NAME = "name";
        public static final String NAME_KEY = "nameKey";
        public static final String ROLE = "role";
        public static final String STATUS = "status";
        public static final String GENDER = "gender";
        public static final String ADDRESS = "address";
        public static final String DATE_OF_BIRTH = "dateOfBirth";
        public static final String PHONE = "phone";
        public static final String SPECIALIZATION = "specialization";
        public static final String REGISTRATION = "registration";
        public static final String DECISION = "decision";
        public static final String REGISTERED_AT = "registeredAt";
        public static final String UPDATED_AT = "updatedAt";
        public static final String OUTBOX = "outbox";

        private Fields() {
        }
    }

    /**
     * A registration in progress.
     *
     * @param attempt token of the request working on it; null when none is (the last attempt failed)
     * @param attemptAt when that request took it; an attempt older than the lease counts as abandoned
     * @param startedAt when the first attempt began; a Keycloak user with this e-mail created later is this
     *     registration's own leftover
     * @param keycloakId the Keycloak user this registration created, once known
     */
    public record Registration(String attempt, Instant attemptAt, Instant startedAt, String keycloakId) {
    }

    /**
     * An admin's decision on a doctor.
     *
     * @param by admin's Keycloak subject
     * @param at when
     * @param reason rejections only
     */
    public record Decision(String by, Instant at, String reason) {
    }

    /** The key every profile lookup by e-mail uses. */
    public static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** The search and sort key of a name. */
    public static String nameKey(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** The birth date, if known. */
    public LocalDate birthDate() {
        return dateOfBirth == null ? null : LocalDate.parse(dateOfBirth);
    }

    public boolean isRegistered() {
        return status != ProfileStatus.PENDING_KEYCLOAK;
    }
}
