package org.medledger.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class BookingPropertiesTests {

    @Test
    void bind_nothingSet_givesTheDocumentedDefaults() {
        BookingProperties properties = bind(Map.of());
        assertThat(properties.minSlotLength()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.maxSlotLength()).isEqualTo(Duration.ofHours(4));
        assertThat(properties.maxAdvance()).isEqualTo(Duration.ofDays(400));
        assertThat(properties.maxSlotsPerRequest()).isEqualTo(500);
        assertThat(properties.maxListWindow()).isEqualTo(Duration.ofDays(92));
        assertThat(properties.defaultPageSize()).isEqualTo(50);
        assertThat(properties.maxPageSize()).isEqualTo(200);
        assertThat(properties.lockLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.lockWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.reconcileInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.abandonedClaimAge()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void bind_kebabCaseValues_override() {
        BookingProperties properties = bind(Map.of("medledger.booking.min-slot-length", "15m",
                "medledger.booking.max-slot-length", "2h", "medledger.booking.max-page-size", "100"));
        assertThat(properties.minSlotLength()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.maxSlotLength()).isEqualTo(Duration.ofHours(2));
        assertThat(properties.maxPageSize()).isEqualTo(100);
    }

    @Test
    void bind_minLongerThanMax_failsAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of("medledger.booking.min-slot-length", "5h")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("min-slot-length");
    }

    private static BookingProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("medledger.booking", BookingProperties.class);
    }
}
