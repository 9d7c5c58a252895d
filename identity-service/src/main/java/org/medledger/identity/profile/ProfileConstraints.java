package org.medledger.identity.profile;

/** The input rules shared by registration and profile edits, as bean-validation patterns and limits. */
public final class ProfileConstraints {

    /**
     * A person's name: starts with a letter; letters, combining marks, spaces, dots, apostrophes and hyphens.
     * Keycloak's person-name validator refuses {@code <>&"$%!#?§;*~/\|^=[]{}()}, none of which can pass.
     */
    public static final String NAME = "[\\p{L}\\p{M}][\\p{L}\\p{M} .'\u2019-]*";
    public static final String NAME_MESSAGE = "must start with a letter and hold only letters, spaces, dots, apostrophes and hyphens";
    public static final int NAME_MAX = 100;

    /** A syntactically plausible address with a dot in the domain ({@code @Email} alone accepts {@code a@b}). */
    public static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s.]+";
    public static final int EMAIL_MAX = 254;

    /** A phone number: optional leading +, then 6 to 15 digits, optionally grouped by spaces, dashes, dots or parentheses. */
    public static final String PHONE = "\\+?(?=(?:[^0-9]*[0-9]){6,15}[^0-9]*$)[0-9(][0-9 ().-]*[0-9]";
    public static final String PHONE_MESSAGE = "must be a phone number of 6 to 15 digits, optionally starting with +";

    /**
     * A postal address: printable text with at least one character that is not a space (of any kind), so that an
     * address of blanks cannot be stored as an empty one.
     */
    public static final String ADDRESS = "[^\\p{Cntrl}]*[^\\p{Cntrl}\\p{Z}\\s][^\\p{Cntrl}]*";
    public static final String ADDRESS_MESSAGE = "must be printable text, not only spaces";
    public static final int ADDRESS_MAX = 300;

    private ProfileConstraints() {
    }

    /** The phone number as stored: the leading + (if any) and the digits. */
    public static String normalizePhone(String phone) {
        String trimmed = phone.trim();
        return (trimmed.startsWith("+") ? "+" : "") + trimmed.replaceAll("[^0-9]", "");
    }

    /** The address as stored: trimmed, runs of white space collapsed. */
    public static String normalizeAddress(String address) {
        return address.trim().replaceAll("\\s+", " ");
    }
}
