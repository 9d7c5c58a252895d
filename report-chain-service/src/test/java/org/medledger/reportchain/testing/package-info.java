/**
 * Shared test infrastructure of report-chain-service: one Spring context for every integration test
 * ({@link org.medledger.reportchain.testing.ReportChainIntegrationTest}), two in-process S3Proxy servers (bucket a and
 * bucket b on separate endpoints, {@link org.medledger.reportchain.testing.S3TestServers}), a small real HTTP server
 * standing in for booking-service ({@link org.medledger.reportchain.testing.FakeBookingService}) and test bearer tokens
 * ({@link org.medledger.reportchain.testing.TestTokens}).
 */
package org.medledger.reportchain.testing;
