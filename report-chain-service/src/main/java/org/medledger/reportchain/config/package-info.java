/**
 * Typed configuration of report-chain-service and the beans built from it: the chunking and streaming limits
 * ({@link org.medledger.reportchain.config.ReportProperties}), the two buckets
 * ({@link org.medledger.reportchain.config.StorageProperties}), the key provider
 * ({@link org.medledger.reportchain.config.KeyProperties}) and the booking-service client
 * ({@link org.medledger.reportchain.config.BookingProperties}).
 */
package org.medledger.reportchain.config;
