package org.medledger.reportchain.report;

import java.text.Normalizer;
import java.util.Locale;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Sanitises what an uploading client says about its file: the name becomes safe to store and to echo in a
 * {@code Content-Disposition} header, the media type becomes a plain {@code type/subtype}.
 */
public final class FileNames {

    /** The name used when the client sent none, or nothing usable. */
    public static final String DEFAULT_NAME = "report";
    /** Longest stored name, in characters. */
    public static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    /**
     * Keeps the last path segment (either separator), normalises to NFC, turns whitespace (line breaks included)
     * into single spaces, drops control and format characters (bidi overrides) and the characters Windows forbids, strips leading dots and trailing dots and spaces, and
     * cuts to {@value #MAX_LENGTH} characters keeping a short extension.
     */
    public static String sanitise(String original) {
        if (original == null) {
            return DEFAULT_NAME;
        }
        String name = original;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_LENGTH + 16));
        boolean lastWasSpace = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (!lastWasSpace && !out.isEmpty()) {
                    out.append(' ');
                }
                lastWasSpace = true;
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE || "<>:\"|?*".indexOf(cp) >= 0) {
                continue;
            }
            lastWasSpace = false;
            out.appendCodePoint(cp);
        }
        String cleaned = out.toString().replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (cleaned.isEmpty()) {
            return DEFAULT_NAME;
        }
        return truncate(cleaned);
    }

    private static String truncate(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        int end = base.offsetByCodePoints(0, Math.min(keep, base.codePointCount(0, base.length())));
        return base.substring(0, end).stripTrailing() + extension;
    }

    /** {@code type/subtype} in lower case for a concrete media type; {@code application/octet-stream} otherwise. */
    public static String contentType(String declared) {
        if (declared == null || declared.isBlank() || declared.length() > 200) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        try {
            MediaType type = MediaType.parseMediaType(declared);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return MediaType.APPLICATION_OCTET_STREAM_VALUE;
            }
            return (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
    }
}
