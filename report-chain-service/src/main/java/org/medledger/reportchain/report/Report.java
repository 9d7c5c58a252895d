package org.medledger.reportchain.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A report's manifest: everything needed to find, verify and decrypt its chunks, and nothing that would let
 * anyone do so without the key provider. Written once, when every chunk is durable in every bucket (so a failed
 * upload leaves no manifest); afterwards only the key envelope (rotation) and the outbox change.
 *
 * <p>Commitments: {@code chainHead} is the last hash-chain link over the chunk hashes (genesis bound to the report
 * id); {@code rootHash} is the RFC 6962 Merkle root whose leaves are the chunk hashes. Both are lowercase hex.
 *
 * @param id report id (a random UUID)
 * @param appointmentId the completed appointment; unique: one report per appointment
 * @param patientId the appointment's patient (Keycloak subject)
 * @param doctorId the uploading doctor (Keycloak subject)
 * @param status always {@link ReportStatus#STORED} once written
 * @param fileName original file name, sanitised; metadata only, never in object keys
 * @param contentType the media type the doctor's client declared, normalised
 * @param size plaintext bytes
 * @param chunkSize plaintext bytes per chunk (all but the last chunk are this long)
 * @param chunkCount number of chunks, at least 1
 * @param chunkFormat sealed chunk format version ({@link org.medledger.reportchain.crypto.ChunkFormat#VERSION})
 * @param placement the placement policy that stored the chunks ({@code mirror})
 * @param chainHead last hash-chain link, hex
 * @param rootHash Merkle root over the chunk hashes, hex
 * @param plaintextSalt hex salt of the ledger's {@link org.medledger.reportchain.ledger.PlaintextCommitment} to the
 *     file; given out only with the receipt, to those who may read the report ({@code null} for reports stored
 *     before plaintext commitments)
 * @param key the wrapped data key
 * @param keyHistory every wrap and re-wrap of the data key, oldest first
 * @param chunks the chunk list, by index
 * @param ledgerEntryId the ledger entry that recorded the upload
 * @param createdAt when the manifest was written
 * @param outbox events waiting for the outbox relay
 */
@Document(Report.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "patient_created", def = "{'patientId': 1, 'createdAt': -1}"),
        @CompoundIndex(name = "doctor_created", def = "{'doctorId': 1, 'createdAt': -1}"),
        // the orphan sweep asks, key by key, whether any manifest references a stored chunk object
        @CompoundIndex(name = "chunk_location_key", def = "{'chunks.locations.key': 1}")
})
public record Report(
        @Id String id,
        @Indexed(unique = true) String appointmentId,
        String patientId,
        String doctorId,
        ReportStatus status,
        String fileName,
        String contentType,
        long size,
        int chunkSize,
        int chunkCount,
        int chunkFormat,
        String placement,
        String chainHead,
        String rootHash,
        String plaintextSalt,
        KeyEnvelope key,
        List<KeyChange> keyHistory,
        List<ReportChunk> chunks,
        String ledgerEntryId,
        Instant createdAt,
        List<OutgoingEvent> outbox) {

    /** The MongoDB collection. */
    public static final String COLLECTION = "reports";

    public Report {
        keyHistory = keyHistory == null ? List.of() : List.copyOf(keyHistory);
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** The id as a UUID (the form bound into the crypto). */
    public UUID reportId() {
        return UUID.fromString(id);
    }

    /** Whether {@code userId} is this report's patient or its uploading doctor. */
    public boolean isOwnedBy(String userId) {
        return userId != null && (userId.equals(patientId) || userId.equals(doctorId));
    }

    @Override
    public String toString() {
        return "Report[id=" + id + ", chunks=" + chunkCount + ", size=" + size + "]";
    }
}
