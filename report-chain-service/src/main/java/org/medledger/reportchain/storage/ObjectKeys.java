package org.medledger.reportchain.storage;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Object keys for sealed chunks: {@code c/} followed by 32 random hex digits (128 bits from
 * {@link SecureRandom}). A key says nothing about the report, its position, its patient or its doctor; only the
 * manifest maps keys to chunks.
 */
public final class ObjectKeys {

    /** Prefix of every chunk key. */
    public static final String PREFIX = "c/";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ObjectKeys() {
    }

    /** A fresh random key. */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return PREFIX + HEX.formatHex(bytes);
    }

    /** Whether {@code key} has the shape of a chunk key (for manifests read back from the database). */
    public static boolean isValid(String key) {
        if (key == null || key.length() != PREFIX.length() + 32 || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
