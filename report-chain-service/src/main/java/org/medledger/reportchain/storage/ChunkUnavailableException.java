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

    private final transient List<CopyFailure> failures;

    public ChunkUnavailableException(List<CopyFailure> failures) {
        super("no verified copy of the chunk: " + failures.stream()
                .map(f -> f.location().store() + " " + f.kind() + " (" + f.reason() + ")")
                .collect(Collectors.joining("; ")));
        this.failures = List.copyOf(failures);
    }

    public List<CopyFailure> failures() {
        return failures;
    }

    /** Whether some copy was only unreadable, so a later attempt might succeed. */
    public boolean isTransient() {
        return failures.stream().anyMatch(f -> f.kind() == CopyFailure.Kind.UNREADABLE);
    }
}
