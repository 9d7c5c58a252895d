/**
 * What booking-service knows about people, projected from identity-service's events on
 * {@code medledger.identity.v1}: doctors (approval status and name, collection {@code doctors}) and patients
 * (name, collection {@code patients}). The projection is fed by events, and where an event has not arrived yet,
 * by the caller's Keycloak-signed token.
 */
package org.medledger.booking.identity;
