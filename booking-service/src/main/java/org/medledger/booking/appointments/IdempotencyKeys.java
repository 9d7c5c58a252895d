package org.medledger.booking.appointments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.medledger.support.web.InvalidRequestException;

/**
 * Idempotency-Key handling for bookings. The key is scoped per patient by deriving the appointment id from
 * (patient id, key): the appointments collection's unique {@code _id} is then the unique index on (patient, key),
 * and a retry, however concurrent, can only ever find or create that one appointment.
 */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private IdempotencyKeys() {
    }

    /**
     * @return the key, or null when none was sent
     * @throws InvalidRequestException when the key is not 1–128 visible ASCII characters
     */
    static String check(String key) {
        if (key == null) {
            return null;
        }
        if (!VALID.matcher(key).matches()) {
            throw new InvalidRequestException("invalid-idempotency-key",
                    "Idempotency-Key must be 1 to 128 visible ASCII characters, e.g. a UUID.");
        }
        return key;
    }

    /** The appointment id for {@code key} sent by {@code patientId}: a name-based UUID (version 8) from SHA-256. */
    static String appointmentId(String patientId, String key) {
        byte[] hash = sha256(patientId + "\n" + key);
        ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
        long high = (buffer.getLong() & ~0xF000L) | 0x8000L; // version 8
        long low = (buffer.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** Identifies a booking request's content without storing it twice. */
    static String fingerprint(BookingRequest request) {
        return HexFormat.of().formatHex(sha256(request.slotId() + "\n" + request.age() + "\n" + request.symptoms()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
