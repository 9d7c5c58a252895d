package org.medledger.events.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessCodeIssuedTests {

    @Test
    void toString_hidesTheCodeKeepsTheIds() {
        var event = new AccessCodeIssued("request-1", "report-1", "patient-1", "doctor-1", "K77310452",
                Instant.parse("2026-06-01T08:05:00Z"));

        assertThat(event.toString()).doesNotContain("K77310452").contains("request-1", "report-1", "patient-1", "doctor-1");
    }
}
