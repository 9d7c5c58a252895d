package org.medledger.notification.contact;

/** The kind of account a contact belongs to, as the identity event that announced it says. */
public enum ContactRole { PATIENT, DOCTOR, ADMIN, AUDITOR }
