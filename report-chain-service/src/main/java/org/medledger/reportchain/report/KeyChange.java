package org.medledger.reportchain.report;

import java.time.Instant;

/**
 * An entry of a manifest's key history.
 *
 * @param kekVersion the KEK version the data key was wrapped under
 * @param at when
 * @param reason {@code stored} (first wrap) or {@code rotation} (re-wrapped; no chunk touched)
 */
public record KeyChange(String kekVersion, Instant at, String reason) {

    static final String STORED = "stored";
    static final String ROTATION = "rotation";
}
