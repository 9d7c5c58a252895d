package org.medledger.reportchain.storage;

import java.util.List;
import java.util.stream.Collectors;

/**
 * No copy of a chunk passed verification: every copy is missing, corrupt or unreadable. Carries the failure of
 * each copy. Fatal for this read when a copy is corrupt or missing in every store; possibly transient when one
 * was only unreadable ({@link #isTransient()}).
 */
public final class ChunkUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final transient List<CopyFailure> failures;

    /** @param index the chunk's position in its report */
    public ChunkUnavailableException(int index, List<CopyFailure> failures) {
        super("no verified copy of chunk " + index + ": " + failures.stream()
                .map(f -> f.location().store() + " " + f.kind() + " (" + f.reason() + ")")
                .collect(Collectors.joining("; ")));
        this.index = index;
        this.failures = List.copyOf(failures);
    }

    /** The chunk's position in its report. */
    public int index() {
        return index;
    }

    public List<CopyFailure> failures() {
        return failures;
    }

    /** Whether some copy was only unreadable, so a later attempt might succeed. */
    public boolean isTransient() {
        return failures.stream().anyMatch(f -> f.kind() == CopyFailure.Kind.UNREADABLE);
    }
}
