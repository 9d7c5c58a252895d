package org.medledger.reportchain.report;

/** Where a report stands. A manifest is written only once every chunk is durable in every bucket. */
public enum ReportStatus {
    /** Every chunk is durable in every bucket; the report is visible and downloadable. */
    STORED
}
