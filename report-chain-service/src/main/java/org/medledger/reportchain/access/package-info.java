/**
 * Who may read a report beyond its owners, and the gate in front of its content.
 * <ul>
 *   <li>SPEC flow 7: one-time download codes ({@link org.medledger.reportchain.access.DownloadCodes}, collection
 *       {@code download_codes}, whose outbox carries {@code DownloadCodeIssued} to notification-service),
 *       short-lived single-use download tokens ({@link org.medledger.reportchain.access.DownloadTokens}, collection
 *       {@code download_tokens}) and the {@link org.medledger.reportchain.access.TokenDownloadGate} that spends a
 *       token before the verified content stream opens.</li>
 *   <li>SPEC flow 8: access requests of other doctors ({@link org.medledger.reportchain.access.AccessRequests},
 *       collection {@code access_requests}, outbox {@code AccessRequested}/{@code AccessCodeIssued}/
 *       {@code AccessGranted}/{@code AccessDenied}/{@code AccessRevoked}); a granted request is the grant that
 *       {@link org.medledger.reportchain.access.GrantAccessPolicy} honours until it expires or is revoked.</li>
 * </ul>
 * Codes and tokens are stored only hashed ({@link org.medledger.reportchain.access.Secrets}); neither is ever
 * logged, returned by an API other than the token exchange, or put on the ledger.
 */
package org.medledger.reportchain.access;
