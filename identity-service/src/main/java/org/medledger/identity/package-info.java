/**
 * identity-service: registration, profiles and the doctor directory; the accounts live in Keycloak. Features:
 * {@code registration} (patients and doctors sign up), {@code doctor} (directory, approval), {@code me} (own
 * profile), {@code specialization} (the maintained list), {@code reconciliation} (profiles for accounts made in
 * Keycloak directly), {@code profile} (the store), {@code keycloak} (the Admin API client), {@code web} (paging,
 * caller, OpenAPI).
 */
package org.medledger.identity;
