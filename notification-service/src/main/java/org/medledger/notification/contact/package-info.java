/**
 * Contacts: who a user is and where to mail them, projected from identity events into the {@code contacts}
 * collection, with the bounces the SMTP server reported.
 */
package org.medledger.notification.contact;
