package org.medledger.reportchain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link HashChain} and {@link HashChainVerifier}. */
class HashChainTest {

  private final UUID reportId = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  private final List<byte[]> ciphertextHashes = hashesOf(5);

  @Test
  void links_independentComputationOfDocumentedFormula_match() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("medledger-chain-v1".getBytes(StandardCharsets.US_ASCII));
    sha.update(ByteBuffer.allocate(16).putLong(reportId.getMostSignificantBits())
        .putLong(reportId.getLeastSignificantBits()).array());
    byte[] previous = sha.digest();
    assertThat(HashChain.genesis(reportId)).isEqualTo(previous);

    HashChain chain = HashChain.start(reportId);
    for (int i = 0; i < ciphertextHashes.size(); i++) {
      sha.update(previous);
      sha.update(ciphertextHashes.get(i));
      sha.update(ByteBuffer.allocate(8).putLong(i).array());
      previous = sha.digest();
      assertThat(chain.append(ciphertextHashes.get(i))).as("link %d", i).isEqualTo(previous);
    }
    assertThat(chain.head()).isEqualTo(previous);
    assertThat(chain.length()).isEqualTo(5);
  }

  @Test
  void genesis_differentReports_differ() {
    assertThat(HashChain.genesis(reportId)).isNotEqualTo(HashChain.genesis(UUID.randomUUID()));
    assertThat(HashChain.start(reportId).head()).isEqualTo(HashChain.genesis(reportId));
  }

  @Test
  void verify_recordedLinks_pass() {
    List<byte[]> links = HashChainVerifier.computeLinks(reportId, ciphertextHashes);

    HashChainVerifier.verify(reportId, ciphertextHashes, links);
    HashChainVerifier.verifyHead(reportId, ciphertextHashes, links.get(4));
  }

  @Test
  void verify_chunkReplaced_reportsFirstMismatchingIndexWithBothValues() {
    List<byte[]> links = HashChainVerifier.computeLinks(reportId, ciphertextHashes);
    List<byte[]> tampered = new ArrayList<>(ciphertextHashes);
    tampered.set(2, Sha256.digest("evil".getBytes(StandardCharsets.US_ASCII)));
    byte[] computed = HashChainVerifier.computeLinks(reportId, tampered).get(2);

    assertThatThrownBy(() -> HashChainVerifier.verify(reportId, tampered, links))
        .isInstanceOf(ChainLinkMismatchException.class)
        .hasMessageContaining("link 2 mismatch")
        .satisfies(e -> {
          ChainLinkMismatchException mismatch = (ChainLinkMismatchException) e;
          assertThat(mismatch.index()).isEqualTo(2);
          assertThat(mismatch.expected()).isEqualTo(links.get(2));
          assertThat(mismatch.computed()).isEqualTo(computed);
        });
  }

  @Test
  void verify_twoChunksSwapped_failsAtFirstSwappedIndex() {
    List<byte[]> links = HashChainVerifier.computeLinks(reportId, ciphertextHashes);
    List<byte[]> swapped = new ArrayList<>(ciphertextHashes);
    Collections.swap(swapped, 1, 3);

    assertThatThrownBy(() -> HashChainVerifier.verify(reportId, swapped, links))
        .isInstanceOf(ChainLinkMismatchException.class)
        .satisfies(e -> assertThat(((ChainLinkMismatchException) e).index()).isEqualTo(1));
  }

  @Test
  void verify_chainOfAnotherReport_failsAtIndexZero() {
    List<byte[]> otherLinks = HashChainVerifier.computeLinks(UUID.randomUUID(), ciphertextHashes);

    assertThatThrownBy(() -> HashChainVerifier.verify(reportId, ciphertextHashes, otherLinks))
        .isInstanceOf(ChainLinkMismatchException.class)
        .satisfies(e -> assertThat(((ChainLinkMismatchException) e).index()).isZero());
  }

  @Test
  void verify_truncatedChunkList_throwsMalformed() {
    List<byte[]> links = HashChainVerifier.computeLinks(reportId, ciphertextHashes);

    assertThatThrownBy(() -> HashChainVerifier.verify(reportId, ciphertextHashes.subList(0, 4), links))
        .isInstanceOf(MalformedProofException.class).hasMessageContaining("5 links recorded for 4 chunks");
  }

  @Test
  void verifyHead_truncatedChunkList_failsAtLastPresentIndex() {
    byte[] head = HashChainVerifier.computeLinks(reportId, ciphertextHashes).get(4);

    assertThatThrownBy(() -> HashChainVerifier.verifyHead(reportId, ciphertextHashes.subList(0, 4), head))
        .isInstanceOf(ChainLinkMismatchException.class)
        .satisfies(e -> assertThat(((ChainLinkMismatchException) e).index()).isEqualTo(3));
  }

  @Test
  void appendExpecting_streamingDownload_acceptsGoodLinksAndStopsAtBadOne() {
    List<byte[]> links = HashChainVerifier.computeLinks(reportId, ciphertextHashes);
    HashChain chain = HashChain.start(reportId);
    chain.appendExpecting(ciphertextHashes.get(0), links.get(0));
    chain.appendExpecting(ciphertextHashes.get(1), links.get(1));

    assertThatThrownBy(() -> chain.appendExpecting(ciphertextHashes.get(3), links.get(2)))
        .isInstanceOf(ChainLinkMismatchException.class);
    assertThat(chain.length()).isEqualTo(2);
    assertThat(chain.head()).isEqualTo(links.get(1));
  }

  @Test
  void append_hashOfWrongLength_throwsIllegalArgument() {
    assertThatThrownBy(() -> HashChain.start(reportId).append(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashChainVerifier.verify(reportId, List.of(new byte[31]), List.of(new byte[32])))
        .isInstanceOf(MalformedProofException.class);
  }

  @Test
  void sha256_ofByteBuffer_leavesPositionAndMatchesArrayDigest() {
    byte[] data = "chunk".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.wrap(data);

    assertThat(Sha256.digest(buffer)).isEqualTo(Sha256.digest(data));
    assertThat(buffer.position()).isZero();
  }

  private static List<byte[]> hashesOf(int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Sha256.digest(("ciphertext " + i).getBytes(StandardCharsets.US_ASCII)));
    }
    return out;
  }
}
