package org.medledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutgoingEventTests {

    @Test
    void toString_hidesTheDataKeepsTheEnvelope() {
        var event = new OutgoingEvent("event-1", "org.medledger.report.download-code-issued.v1", Topics.CODES, "report-1",
                Instant.parse("2026-05-05T10:00:00Z"), "{\"code\":\"K55512345\"}");

        assertThat(event.toString()).doesNotContain("K55512345").contains("event-1", Topics.CODES, "report-1");
    }
}
