package org.medledger.reportchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link LedgerSigner} and {@link LedgerSignatureVerifier}. */
class LedgerSignerTest {

  private final LedgerSigner signer = LedgerSigner.generate();
  private final byte[] message = "block 42 header".getBytes(StandardCharsets.US_ASCII);
  private final byte[] signature = signer.sign(message);

  @Test
  void verify_genuineSignature_passes() {
    assertThat(signature).hasSize(64);
    LedgerSignatureVerifier.verify(signer.publicKey(), message, signature);
  }

  @Test
  void verify_messageChanged_throwsLedgerSignatureException() {
    byte[] changed = message.clone();
    changed[0] ^= 1;

    assertThatThrownBy(() -> LedgerSignatureVerifier.verify(signer.publicKey(), changed, signature))
        .isInstanceOf(LedgerSignatureException.class).hasMessageContaining(signer.keyId());
  }

  @Test
  void verify_anySignatureBitFlipped_throwsLedgerSignatureException() {
    for (int bit = 0; bit < signature.length * 8; bit++) {
      byte[] corrupted = signature.clone();
      corrupted[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> LedgerSignatureVerifier.verify(signer.publicKey(), message, corrupted))
          .isInstanceOf(LedgerSignatureException.class);
    }
  }

  @Test
  void verify_otherKeyOrWrongLengthSignature_throwsLedgerSignatureException() {
    PublicKey otherKey = LedgerSigner.generate().publicKey();

    assertThatThrownBy(() -> LedgerSignatureVerifier.verify(otherKey, message, signature))
        .isInstanceOf(LedgerSignatureException.class);
    assertThatThrownBy(() -> LedgerSignatureVerifier.verify(signer.publicKey(), message, new byte[63]))
        .isInstanceOf(LedgerSignatureException.class);
  }

  @Test
  void publicKeyPem_parsedByThirdParty_verifiesSignature() {
    String pem = signer.publicKeyPem();
    PublicKey parsed = LedgerSignatureVerifier.parsePublicKeyPem(pem);

    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    LedgerSignatureVerifier.verify(parsed, message, signature);
  }

  @Test
  void publicKeyDer_isX509SubjectPublicKeyInfoAndKeyIdIsItsSha256() throws Exception {
    byte[] der = signer.publicKeyDer();

    // SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) } = 44 bytes
    assertThat(der).hasSize(44);
    assertThat(HexFormat.of().formatHex(der, 0, 12)).isEqualTo("302a300506032b6570032100");
    assertThat(signer.keyId())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
    assertThat(LedgerSignatureVerifier.parsePublicKey(der)).isEqualTo(signer.publicKey());
  }

  @Test
  void parsePublicKey_nonEd25519Key_throwsLedgerSignatureException() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    byte[] p256 = ec.generateKeyPair().getPublic().getEncoded();

    assertThatThrownBy(() -> LedgerSignatureVerifier.parsePublicKey(p256))
        .isInstanceOf(LedgerSignatureException.class);
    assertThatThrownBy(() -> LedgerSignatureVerifier.parsePublicKeyPem("-----BEGIN CERTIFICATE-----x"))
        .isInstanceOf(LedgerSignatureException.class);
  }

  @Test
  void fromEncoded_mismatchedPair_throwsIllegalArgument() {
    LedgerSigner other = LedgerSigner.generate();

    assertThatThrownBy(() -> LedgerSigner.fromEncoded(signer.privateKeyPkcs8Dangerously(), other.publicKeyDer()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsKeyIdOnly() {
    assertThat(signer.toString()).contains(signer.keyId()).doesNotContain("PRIVATE");
  }
}
