package org.medledger.reportchain.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.chain.HashChainVerifier;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.crypto.ChunkIntegrityException;
import org.medledger.reportchain.crypto.ChunkOpener;
import org.medledger.reportchain.crypto.DataKey;

class ReportSealerTest {

    private final ChunkMemory memory = new ChunkMemory();
    private final UUID reportId = UUID.randomUUID();

    private PlainChunk chunk(long index, byte[] data, boolean isFinal) {
        byte[] buffer = memory.allocate(16);
        System.arraycopy(data, 0, buffer, 0, data.length);
        return new PlainChunk(index, buffer, data.length, isFinal);
    }

    @Test
    void seal_threeChunks_commitsToChainAndMerkleRootThatVerifiersRecompute() {
        DataKey key = DataKey.generate();
        ReportSealer sealer = new ReportSealer(reportId, key, memory);
        byte[][] plain = {"0123456789abcdef".getBytes(), "fedcba9876543210".getBytes(), "tail".getBytes()};
        List<SealedChunk> sealed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i == 2) {
                assertThatThrownBy(sealer::plaintextSha256).isInstanceOf(IllegalStateException.class);
            }
            sealed.add(sealer.seal(chunk(i, plain[i], i == 2)));
        }

        List<byte[]> hashes = sealed.stream().map(SealedChunk::sha256).toList();
        assertThat(sealer.isFinished()).isTrue();
        assertThat(sealer.plaintextSize()).isEqualTo(36);
        assertThat(sealer.plaintextSha256()).isEqualTo(Sha256.digest("0123456789abcdeffedcba9876543210tail".getBytes()));
        assertThat(sealed).allSatisfy(s -> assertThat(s.sha256()).isEqualTo(Sha256.digest(s.sealed())));
        HashChainVerifier.verify(reportId, hashes, sealed.stream().map(SealedChunk::link).toList());
        assertThat(sealer.chainHead()).isEqualTo(sealed.get(2).link());
        assertThat(sealer.merkleRoot()).isEqualTo(MerkleTree.root(hashes.stream().map(MerkleHasher::hashLeaf).toList()));

        ChunkOpener opener = ChunkOpener.forReport(key, reportId);
        for (int i = 0; i < 3; i++) {
            assertThat(opener.open(i, i == 2, sealed.get(i).sealed())).isEqualTo(plain[i]);
            assertThat(Arrays.copyOf(sealed.get(i).sealed(), plain[i].length)).isNotEqualTo(plain[i]);
        }
        int index = 1;
        assertThatThrownBy(() -> opener.open(index, true, sealed.get(index).sealed()))
                .isInstanceOf(ChunkIntegrityException.class);
    }

    @Test
    void seal_releasesAndWipesThePlaintextBuffer_andCountsTheSealedOne() {
        ReportSealer sealer = new ReportSealer(reportId, DataKey.generate(), memory);
        PlainChunk plain = chunk(0, "secret".getBytes(), true);

        SealedChunk sealed = sealer.seal(plain);

        assertThat(plain.buffer()).containsOnly(0);
        assertThat(memory.inUseBytes()).isEqualTo(sealed.sealed().length);
        memory.release(sealed.sealed(), false);
        assertThat(memory.inUseBytes()).isZero();
    }

    @Test
    void seal_outOfOrder_isRefusedAndReleasesTheBuffer() {
        ReportSealer sealer = new ReportSealer(reportId, DataKey.generate(), memory);

        assertThatThrownBy(() -> sealer.seal(chunk(1, new byte[] {1}, false)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(memory.inUseBytes()).isZero();
    }

    @Test
    void newSealer_withAKeyThatAlreadySealed_isRefused() {
        DataKey key = DataKey.generate();
        new ReportSealer(reportId, key, memory);

        assertThatThrownBy(() -> new ReportSealer(UUID.randomUUID(), key, memory))
                .isInstanceOf(IllegalStateException.class);
    }
}
