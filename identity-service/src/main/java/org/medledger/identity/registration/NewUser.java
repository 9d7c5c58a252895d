package org.medledger.identity.registration;

import java.time.LocalDate;
import org.medledger.identity.profile.Role;

/** What a self-registration carries, patient or doctor. */
public sealed interface NewUser permits PatientRegistration, DoctorRegistration {

    String name();

    String email();

    /** Never logged, never stored: it goes to Keycloak and nowhere else. */
    String password();

    String gender();

    String address();

    LocalDate dateOfBirth();

    String phone();

    /** Doctors only; null for patients. */
    String specialization();

    Role role();
}
