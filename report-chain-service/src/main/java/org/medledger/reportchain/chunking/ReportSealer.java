package org.medledger.reportchain.chunking;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.UUID;
import org.medledger.reportchain.chain.CompactRange;
import org.medledger.reportchain.chain.HashChain;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.crypto.ChunkFormat;
import org.medledger.reportchain.crypto.ChunkSealer;
import org.medledger.reportchain.crypto.DataKey;

/**
 * Seals the chunks of one new report in order and keeps its commitments:
 * <ul>
 *   <li>each chunk is sealed by {@link ChunkSealer} (AES-256-GCM under the report's fresh data key; associated data
 *       binds report id, index and final flag);</li>
 *   <li>its chunk hash is SHA-256 of the sealed bytes exactly as stored;</li>
 *   <li>the {@link HashChain} is extended: {@code link_i = SHA-256(link_{i-1} || hash_i || i)} from a genesis
 *       bound to the report id;</li>
 *   <li>the Merkle tree (RFC 6962) gets the leaf {@code hash_i}: leaf hash {@code SHA-256(0x00 || hash_i)}.</li>
 * </ul>
 * After the final chunk, {@link #chainHead()} and {@link #merkleRoot()} are the report's commitments to what is
 * stored, and {@link #plaintextSha256()} (SHA-256 of the file as uploaded, hashed chunk by chunk) lets a receipt
 * holder check the file they have, which never matches a ciphertext commitment.
 *
 * <p>Not thread-safe: chunks are sealed one at a time, in order (the sealer enforces it).
 */
public final class ReportSealer {

    private final UUID reportId;
    private final ChunkSealer sealer;
    private final HashChain chain;
    private final CompactRange merkle = CompactRange.empty();
    private final MessageDigest digest = Sha256.newDigest();
    private final MessageDigest plaintextDigest = Sha256.newDigest();
    private final ChunkMemory memory;
    private long plaintextSize;
    private boolean finished;
    private byte[] plaintextSha256;

    /**
     * @param dataKey a freshly generated key; claimed for this report
     */
    public ReportSealer(UUID reportId, DataKey dataKey, ChunkMemory memory) {
        this.reportId = reportId;
        this.sealer = ChunkSealer.forNewReport(dataKey, reportId);
        this.chain = HashChain.start(reportId);
        this.memory = memory;
    }

    /**
     * Seals {@code chunk} and releases (wipes) its plaintext buffer, also when sealing fails.
     *
     * @return the sealed chunk; its buffer comes from {@link ChunkMemory} and must be released by the caller
     */
    public SealedChunk seal(PlainChunk chunk) {
        try {
            byte[] sealed = memory.allocate(ChunkFormat.sealedLength(chunk.length()));
            try {
                sealer.seal(chunk.index(), chunk.isFinal(), ByteBuffer.wrap(chunk.buffer(), 0, chunk.length()),
                        ByteBuffer.wrap(sealed));
                plaintextDigest.update(chunk.buffer(), 0, chunk.length());
                digest.reset();
                byte[] hash = digest.digest(sealed);
                byte[] link = chain.append(hash);
                merkle.append(MerkleHasher.hashLeaf(hash));
                plaintextSize += chunk.length();
                finished = chunk.isFinal();
                if (finished) {
                    plaintextSha256 = plaintextDigest.digest();
                }
                return new SealedChunk(chunk.index(), chunk.length(), sealed, hash, link, chunk.isFinal());
            } catch (RuntimeException e) {
                memory.release(sealed, false);
                throw e;
            }
        } finally {
            memory.release(chunk.buffer(), true);
        }
    }

    public UUID reportId() {
        return reportId;
    }

    /** Whether the final chunk has been sealed. */
    public boolean isFinished() {
        return finished;
    }

    /** Number of chunks sealed. */
    public long chunkCount() {
        return chain.length();
    }

    /** Plaintext bytes sealed. */
    public long plaintextSize() {
        return plaintextSize;
    }

    /** The last chain link (the genesis value before the first chunk). */
    public byte[] chainHead() {
        return chain.head();
    }

    /**
     * SHA-256 of the plaintext, once the final chunk is sealed.
     *
     * @throws IllegalStateException before the final chunk (the digest would cover a prefix)
     */
    public byte[] plaintextSha256() {
        if (plaintextSha256 == null) {
            throw new IllegalStateException("the plaintext hash is known only after the final chunk");
        }
        return plaintextSha256.clone();
    }

    /** The RFC 6962 Merkle root over the chunk hashes so far. */
    public byte[] merkleRoot() {
        return merkle.root();
    }
}
