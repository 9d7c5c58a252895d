/**
 * Reports: the manifest ({@link org.medledger.reportchain.report.Report}, collection {@code reports}), the upload
 * ({@link org.medledger.reportchain.report.ReportUploads}), verified streaming of the content
 * ({@link org.medledger.reportchain.report.ReportContents}), queries with ownership
 * ({@link org.medledger.reportchain.report.ReportQueries}), integrity findings for the auditor
 * ({@link org.medledger.reportchain.report.IntegrityFindings}, collection {@code findings}) and key rotation
 * ({@link org.medledger.reportchain.report.KeyRotations}).
 *
 * <p>Seams for the issues that follow:
 * <ul>
 *   <li>{@link org.medledger.reportchain.report.LedgerRecorder}: ledger entries for "report stored", "report
 *       downloaded" and "keys rotated"; {@link org.medledger.reportchain.report.LoggingLedgerRecorder} until the
 *       ledger exists.</li>
 *   <li>{@link org.medledger.reportchain.report.ReportAccessPolicy}: who may read a report beyond its patient and
 *       uploading doctor (grants); {@link org.medledger.reportchain.report.OwnerAccessPolicy} until grants
 *       exist.</li>
 *   <li>{@link org.medledger.reportchain.report.KekRotator}: creating a new key-encryption-key version.</li>
 * </ul>
 */
package org.medledger.reportchain.report;
