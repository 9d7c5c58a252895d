package org.medledger.reportchain.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.reportchain.chain.Sha256;

/**
 * Generates and hashes one-time codes and download tokens.
 *
 * <p>Codes are stored as HMAC-SHA256(key = a fresh 16-byte random salt per code, message = the code). A six-digit
 * code has only ~20 bits of entropy, so no hash, slow or not, protects a leaked record against an offline search of
 * a million candidates; what protects codes is the attempt limit, the short lifetime and the single use. The salt
 * makes every record different (no shared table, no cross-code comparison), HMAC is fast enough to run on the event
 * loop and compared in constant time. PBKDF2 would only add CPU per attempt for no real gain at this entropy.
 * Tokens carry 256 random bits: a plain SHA-256 is enough and lets them be looked up by hash.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Secrets() {
    }

    /** A code of {@code digits} decimal digits, uniformly drawn from a CSPRNG. */
    static String code(int digits) {
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            code.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return code.toString();
    }

    /** A fresh salt, hex. */
    static String salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HEX.formatHex(salt);
    }

    /** HMAC-SHA256 of {@code code} under {@code saltHex}, hex. */
    static String codeHash(String saltHex, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HEX.parseHex(saltHex), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code code} hashes to {@code expectedHex} under {@code saltHex}, in constant time. */
    static boolean matches(String saltHex, String expectedHex, String code) {
        return MessageDigest.isEqual(HEX.parseHex(expectedHex), HEX.parseHex(codeHash(saltHex, code)));
    }

    /** A download token: 32 random bytes, base64url without padding. */
    static String token() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The stored form of a token: SHA-256, hex. */
    static String tokenHash(String token) {
        return HEX.formatHex(Sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
