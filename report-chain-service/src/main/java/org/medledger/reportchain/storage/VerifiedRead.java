package org.medledger.reportchain.storage;

import java.util.List;

/**
 * A chunk read back through its {@link CopyVerifier}, with the copies that failed on the way.
 *
 * @param index the chunk's position in its report
 * @param value what the verifier returned for the copy that passed
 * @param servedFrom the copy that passed
 * @param failures copies tried before it that were missing, corrupt or unreadable (empty when the first copy
 *     passed); each is a finding for the auditor
 */
public record VerifiedRead<T>(int index, T value, ChunkLocation servedFrom, List<CopyFailure> failures) {

    public VerifiedRead {
        failures = List.copyOf(failures);
    }
}
