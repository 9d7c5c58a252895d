package org.medledger.reportchain.storage;

/**
 * Why one copy of a chunk could not be used.
 *
 * @param location the copy
 * @param kind what was wrong with it
 * @param reason a short explanation naming hashes or indexes, never data
 */
public record CopyFailure(ChunkLocation location, Kind kind, String reason) {

    /** The kinds of bad copies, from the auditor's point of view. */
    public enum Kind {
        /** The object does not exist: deleted, lost with its bucket, or never written. */
        MISSING,
        /** The object exists but failed verification: changed bytes, a different chunk, a wrong length. */
        CORRUPT,
        /** The store could not be read (unreachable, timed out, refused); the copy may be fine. */
        UNREADABLE
    }
}
