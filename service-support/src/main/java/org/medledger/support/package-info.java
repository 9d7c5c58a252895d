/**
 * What every MedLedger service does the same way, so that it is done one way: {@code web} maps domain
 * exceptions to RFC 9457 problem+json, {@code security} turns Keycloak tokens into roles and the caller,
 * {@code events} relays the transactional outbox to Kafka and makes consumers idempotent, {@code mongo}
 * keeps readiness truthful on any MongoDB wire server.
 */
package org.medledger.support;
