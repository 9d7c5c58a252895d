package org.medledger.identity.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The MedLedger realm roles, in the order that decides a user's primary role when they hold several. */
public enum Role {
    ADMIN("admin"),
    AUDITOR("auditor"),
    DOCTOR("doctor"),
    PATIENT("patient");

    private final String realmRole;

    Role(String realmRole) {
        this.realmRole = realmRole;
    }

    /** The Keycloak realm role. */
    public String realmRole() {
        return realmRole;
    }

    /** Realm role names of every MedLedger role. */
    public static List<String> realmRoles() {
        return Arrays.stream(values()).map(Role::realmRole).toList();
    }

    /** The first MedLedger role (in declaration order) among {@code realmRoles}. */
    public static Optional<Role> primaryOf(Set<String> realmRoles) {
        return Arrays.stream(values()).filter(role -> realmRoles.contains(role.realmRole)).findFirst();
    }
}
