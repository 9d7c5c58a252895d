package org.medledger.reportchain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The audit settings bind from plain key-value pairs, without a context. */
class AuditPropertiesTest {

    private static AuditProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("medledger.audit",
                AuditProperties.class);
    }

    @Test
    void orphanSweep_defaults_everySixHoursWithADayOfGrace() {
        AuditProperties.OrphanSweep sweep = bind(Map.of()).orphanSweep();

        assertThat(sweep.enabled()).isTrue();
        assertThat(sweep.interval()).isEqualTo(Duration.ofHours(6));
        assertThat(sweep.initialDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(sweep.graceAge()).isEqualTo(Duration.ofHours(24));
        assertThat(sweep.batchSize()).isEqualTo(500);
        assertThat(sweep.deleteConcurrency()).isEqualTo(4);
    }

    @Test
    void orphanSweep_settings_bind() {
        AuditProperties.OrphanSweep sweep = bind(Map.of("medledger.audit.orphan-sweep.enabled", "false",
                "medledger.audit.orphan-sweep.interval", "1h", "medledger.audit.orphan-sweep.grace-age", "2d",
                "medledger.audit.orphan-sweep.batch-size", "100")).orphanSweep();

        assertThat(sweep.enabled()).isFalse();
        assertThat(sweep.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(sweep.graceAge()).isEqualTo(Duration.ofDays(2));
        assertThat(sweep.batchSize()).isEqualTo(100);
    }

    @Test
    void orphanSweep_graceShorterThanAnHour_isRefused() {
        assertThatThrownBy(() -> bind(Map.of("medledger.audit.orphan-sweep.grace-age", "59m")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("grace-age must be at least 60 minutes");
    }

    @Test
    void orphanSweep_zeroIntervalOrBatch_isRefused() {
        assertThatThrownBy(() -> bind(Map.of("medledger.audit.orphan-sweep.interval", "0s")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("medledger.audit.orphan-sweep.batch-size", "0")))
                .isInstanceOf(BindException.class);
    }
}
