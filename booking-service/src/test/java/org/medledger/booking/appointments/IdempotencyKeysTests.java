package org.medledger.booking.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medledger.support.web.InvalidRequestException;

class IdempotencyKeysTests {

    @Test
    void appointmentId_samePatientAndKey_isStableUuid() {
        String id = IdempotencyKeys.appointmentId("patient-a", "key-1");
        assertThat(IdempotencyKeys.appointmentId("patient-a", "key-1")).isEqualTo(id);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(8);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void appointmentId_otherPatientSameKey_differs() {
        assertThat(IdempotencyKeys.appointmentId("patient-a", "key-1"))
                .isNotEqualTo(IdempotencyKeys.appointmentId("patient-b", "key-1"))
                .isNotEqualTo(IdempotencyKeys.appointmentId("patient-a", "key-2"));
    }

    @Test
    void check_invalidKeys_areRefused() {
        assertThat(IdempotencyKeys.check(null)).isNull();
        assertThat(IdempotencyKeys.check("0b6f6d0e-4c1b-4c73-9d7a-3f1b2c8e9a01")).isNotNull();
        for (String bad : new String[] {"", "has space", "x".repeat(129), "ümlaut"}) {
            assertThatThrownBy(() -> IdempotencyKeys.check(bad)).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void fingerprint_differentSymptoms_differs() {
        var a = new BookingRequest("slot", "cough", 40);
        assertThat(IdempotencyKeys.fingerprint(a)).isEqualTo(IdempotencyKeys.fingerprint(new BookingRequest("slot", "cough", 40)))
                .isNotEqualTo(IdempotencyKeys.fingerprint(new BookingRequest("slot", "fever", 40)))
                .isNotEqualTo(IdempotencyKeys.fingerprint(new BookingRequest("slot", "cough", 41)));
    }

    @Test
    void bookingRequest_toString_leavesOutSymptoms() {
        assertThat(new BookingRequest("slot-1", "very private", 40).toString()).doesNotContain("very private");
    }
}
