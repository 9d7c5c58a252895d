package org.medledger.reportchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests of the raw AES-256-GCM primitive that {@link ChunkSealer} and {@link LocalKeyring} build
 * on.
 *
 * <p>Vectors: test cases 13-16 (the 256-bit key cases with 96-bit IVs) of D. McGrew and J. Viega, "The
 * Galois/Counter Mode of Operation (GCM)", Appendix B, the specification submitted to NIST for SP 800-38D
 * (https://csrc.nist.gov/groups/ST/toolkit/BCM/documents/proposedmodes/gcm/gcm-spec.pdf). The same cases ship
 * in Tink's {@code AeadFactoryTest} and in Wycheproof's {@code aes_gcm_test.json}. As in Tink's Wycheproof
 * tests, every failing case is collected before the test fails.
 */
class AesGcmKnownAnswerTest {

  private static final HexFormat HEX = HexFormat.of();

  record Vector(String name, String key, String iv, String plaintext, String aad, String ciphertext,
      String tag) {}

  private static final String K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  private static final List<Vector> VECTORS = List.of(
      new Vector("Test Case 13", "00".repeat(32), "00".repeat(12), "", "", "",
          "530f8afbc74536b9a963b4f1c4cb738b"),
      new Vector("Test Case 14", "00".repeat(32), "00".repeat(12), "00".repeat(16), "",
          "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
      new Vector("Test Case 15", K15, "cafebabefacedbaddecaf888",
          "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
              + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
          "",
          "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
              + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
          "b094dac5d93471bdec1a502270e3cc6c"),
      new Vector("Test Case 16", K15, "cafebabefacedbaddecaf888",
          "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
              + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
          "feedfacedeadbeeffeedfacedeadbeefabaddad2",
          "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
              + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
          "76fc6ece0f4e1768cddf8853bb2d551b"));

  @Test
  void encrypt_nistVectors_matchCiphertextAndTag() {
    List<String> failures = new ArrayList<>();
    for (Vector v : VECTORS) {
      byte[] sealed = new AesGcm().encrypt(key(v), HEX.parseHex(v.iv()), HEX.parseHex(v.aad()),
          HEX.parseHex(v.plaintext()));
      if (!HEX.formatHex(sealed).equals(v.ciphertext() + v.tag())) {
        failures.add(v.name());
      }
    }
    assertThat(failures).as("failing vectors").isEmpty();
  }

  @Test
  void decrypt_nistVectors_returnPlaintext() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Vector v : VECTORS) {
      byte[] opened = new AesGcm().decrypt(key(v), HEX.parseHex(v.iv()), HEX.parseHex(v.aad()),
          HEX.parseHex(v.ciphertext() + v.tag()));
      if (!HEX.formatHex(opened).equals(v.plaintext())) {
        failures.add(v.name());
      }
    }
    assertThat(failures).as("failing vectors").isEmpty();
  }

  @Test
  void decrypt_nistVectorWithAnyTagBitFlipped_throwsBadTag() {
    Vector v = VECTORS.get(3);
    byte[] sealed = HEX.parseHex(v.ciphertext() + v.tag());
    List<Integer> accepted = new ArrayList<>();
    for (int bit = (sealed.length - AesGcm.TAG_LENGTH) * 8; bit < sealed.length * 8; bit++) {
      byte[] corrupted = sealed.clone();
      corrupted[bit / 8] ^= (byte) (1 << (bit % 8));
      try {
        new AesGcm().decrypt(key(v), HEX.parseHex(v.iv()), HEX.parseHex(v.aad()), corrupted);
        accepted.add(bit);
      } catch (AEADBadTagException expected) {
        // rejected, as it must be
      }
    }
    assertThat(accepted).as("tag bits whose flip was accepted").isEmpty();
  }

  @Test
  void decrypt_nistVectorWithOtherAssociatedData_throwsBadTag() {
    Vector v = VECTORS.get(3);
    assertThatThrownBy(() -> new AesGcm().decrypt(key(v), HEX.parseHex(v.iv()), new byte[0],
        HEX.parseHex(v.ciphertext() + v.tag())))
        .isInstanceOf(AEADBadTagException.class);
  }

  private static SecretKeySpec key(Vector v) {
    return new SecretKeySpec(HEX.parseHex(v.key()), "AES");
  }
}
