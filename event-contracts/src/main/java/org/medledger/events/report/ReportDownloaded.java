package org.medledger.events.report;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A user downloaded a report (the download is on the ledger).
 *
 * @param reportId Report id
 * @param userId Who downloaded
 * @param patientId The report's patient
 */
@EventType(value = "org.medledger.report.report-downloaded.v1", topic = Topics.REPORT)
public record ReportDownloaded(
        String reportId,
        String userId,
        String patientId) implements DomainEvent {

    @Override
    public String aggregateId() {
        return reportId;
    }
}
