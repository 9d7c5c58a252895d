package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.chain.Sha256;

class PlaintextCommitmentTest {

  private static final HexFormat HEX = HexFormat.of();

  private static byte[] salt() {
    byte[] salt = new byte[32];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) i;
    }
    return salt;
  }

  @Test
  void of_matchesTheDocumentedRecipe() {
    // SHA-256("medledger-plaintext-v1" || 00 01 .. 1f || SHA-256("report")), computed independently (Python hashlib)
    assertThat(PlaintextCommitment.of(salt(), Sha256.digest("report".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("8b5403f64132f1c3a1d8cb1ceeb0fde53a0ee5d67da9c204ee6a42a2bb0aa821");
  }

  @Test
  void of_anotherSaltOrFile_givesAnotherCommitment_andNeverTheBareHash() {
    byte[] file = Sha256.digest("report".getBytes(StandardCharsets.US_ASCII));
    byte[] otherSalt = salt();
    otherSalt[31] ^= 1;
    String commitment = PlaintextCommitment.of(salt(), file);

    assertThat(PlaintextCommitment.of(otherSalt, file)).isNotEqualTo(commitment);
    assertThat(PlaintextCommitment.of(salt(), Sha256.digest("Report".getBytes(StandardCharsets.US_ASCII))))
        .isNotEqualTo(commitment);
    assertThat(commitment).isNotEqualTo(HEX.formatHex(file));
    assertThat(PlaintextCommitment.of(HEX.formatHex(salt()), HEX.formatHex(file))).isEqualTo(commitment);
  }

  @Test
  void newSalt_isFreshEachTime() {
    assertThat(PlaintextCommitment.newSalt()).hasSize(32).isNotEqualTo(PlaintextCommitment.newSalt());
  }

  @Test
  void of_wrongLengths_areRefused() {
    assertThatThrownBy(() -> PlaintextCommitment.of(new byte[31], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlaintextCommitment.of(new byte[32], new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlaintextCommitment.of("zz", HEX.formatHex(new byte[32])))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
