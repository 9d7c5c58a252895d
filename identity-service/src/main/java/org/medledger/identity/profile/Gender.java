package org.medledger.identity.profile;

import java.util.Locale;

/** Gender as the user states it. */
public enum Gender {
    FEMALE, MALE, OTHER, UNDISCLOSED;

    /** Accepted spellings, for validation messages and patterns. */
    public static final String PATTERN = "(?i)female|male|other|undisclosed";

    /** Parses a value that matched {@link #PATTERN}. */
    public static Gender parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
