package org.medledger.events.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DownloadCodeIssuedTests {

    @Test
    void toString_hidesTheCodeKeepsTheIds() {
        var event = new DownloadCodeIssued("report-1", "user-1", "K48213377", Instant.parse("2026-05-05T10:15:00Z"));

        assertThat(event.toString()).doesNotContain("K48213377").contains("report-1", "user-1", "2026-05-05T10:15:00Z");
    }
}
