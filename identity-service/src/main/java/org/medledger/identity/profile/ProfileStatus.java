package org.medledger.identity.profile;

/** Where a user's profile stands. */
public enum ProfileStatus {
    /** Registration in progress: the e-mail is claimed, the Keycloak user may not exist yet. Never shown to anyone. */
    PENDING_KEYCLOAK,
    /** A registered patient, admin or auditor. */
    ACTIVE,
    /** A registered doctor awaiting an admin's decision: may sign in, holds no doctor role, not in the directory. */
    PENDING,
    /** An approved doctor: holds the doctor role, listed in the directory. */
    APPROVED,
    /** A doctor an admin turned down. */
    REJECTED
}
