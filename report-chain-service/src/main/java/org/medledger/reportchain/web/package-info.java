/**
 * The HTTP API of report-chain-service ({@code /api/reports}): streaming multipart upload, lists and metadata,
 * verified streaming download behind a {@link org.medledger.reportchain.web.DownloadGate}, receipts, and the
 * admin's key rotation. Controllers are thin; the work happens in {@code report}.
 */
package org.medledger.reportchain.web;
