package org.medledger.reportchain.report;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.medledger.reportchain.chain.HashChain;
import org.medledger.reportchain.chain.HashChainVerifier;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.chain.ProofVerificationException;
import org.medledger.reportchain.crypto.ChunkFormat;

/**
 * Checks that a manifest read back from the database adds up before any chunk is fetched: chunk indexes and
 * sizes, the hash chain recomputed from the chunk hashes against every recorded link and the head, and the Merkle
 * root recomputed from the chunk hashes. An edit to one hash, link, size or the root is caught here; an edit that
 * recomputes all of them consistently is caught by the chunks' GCM tags (and, once the ledger exists, by the root
 * recorded there).
 */
public final class ManifestCheck {

    private static final HexFormat HEX = HexFormat.of();

    private ManifestCheck() {
    }

    /**
     * @param expectedPlacement the placement policy in use
     * @throws ManifestInconsistentException naming the first inconsistency
     */
    public static void verify(Report report, String expectedPlacement) {
        List<ReportChunk> chunks = report.chunks();
        int count = report.chunkCount();
        if (count < 1 || chunks.size() != count) {
            throw inconsistent("chunk count " + count + " but " + chunks.size() + " chunks listed");
        }
        if (report.chunkFormat() != ChunkFormat.VERSION) {
            throw inconsistent("unknown chunk format " + report.chunkFormat());
        }
        if (!expectedPlacement.equals(report.placement())) {
            throw inconsistent("placement " + report.placement() + " is not " + expectedPlacement);
        }
        if (report.chunkSize() < 1 || report.chunkSize() > ChunkFormat.MAX_PLAINTEXT_LENGTH) {
            throw inconsistent("chunk size " + report.chunkSize() + " out of range");
        }
        long total = 0;
        List<byte[]> hashes = new ArrayList<>(count);
        List<byte[]> links = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ReportChunk chunk = chunks.get(i);
            if (chunk.index() != i) {
                throw inconsistent("chunk at position " + i + " has index " + chunk.index());
            }
            boolean last = i == count - 1;
            if (last ? chunk.size() < 1 || chunk.size() > report.chunkSize() : chunk.size() != report.chunkSize()) {
                throw inconsistent("chunk " + i + " has size " + chunk.size());
            }
            if (chunk.sealedSize() != chunk.size() + ChunkFormat.TAG_LENGTH) {
                throw inconsistent("chunk " + i + " has sealed size " + chunk.sealedSize());
            }
            if (chunk.locations().isEmpty()) {
                throw inconsistent("chunk " + i + " has no location");
            }
            if (chunk.locations().stream().anyMatch(location -> location.offset() < 0)) {
                throw inconsistent("chunk " + i + " has a negative offset");
            }
            total += chunk.size();
            hashes.add(hash("chunk " + i + " hash", chunk.hash()));
            links.add(hash("chunk " + i + " link", chunk.link()));
        }
        if (total != report.size()) {
            throw inconsistent("chunk sizes add up to " + total + ", not " + report.size());
        }
        try {
            HashChainVerifier.verify(report.reportId(), hashes, links);
        } catch (ProofVerificationException e) {
            throw inconsistent(e.getMessage());
        }
        byte[] head = hash("chain head", report.chainHead());
        if (!MessageDigest.isEqual(head, links.get(count - 1))) {
            throw inconsistent("chain head " + report.chainHead() + " is not the last link " + chunks.get(count - 1)
                    .link());
        }
        List<byte[]> leaves = hashes.stream().map(MerkleHasher::hashLeaf).toList();
        byte[] root = MerkleTree.root(leaves);
        byte[] recordedRoot = hash("root hash", report.rootHash());
        if (!MessageDigest.isEqual(root, recordedRoot)) {
            throw inconsistent("Merkle root: recorded " + report.rootHash() + ", computed " + HEX.formatHex(root));
        }
    }

    /** The link before chunk {@code index}: the genesis value for chunk 0, else the previous chunk's link. */
    static byte[] previousLink(Report report, int index) {
        return index == 0 ? HashChain.genesis(report.reportId())
                : HEX.parseHex(report.chunks().get(index - 1).link());
    }

    private static byte[] hash(String what, String hex) {
        if (hex == null || hex.length() != 64) {
            throw inconsistent(what + " is not 32 bytes of hex");
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw inconsistent(what + " is not hex");
        }
    }

    private static ManifestInconsistentException inconsistent(String reason) {
        return new ManifestInconsistentException(reason);
    }

    /** A manifest that does not add up. */
    public static final class ManifestInconsistentException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ManifestInconsistentException(String reason) {
            super(reason);
        }
    }
}
