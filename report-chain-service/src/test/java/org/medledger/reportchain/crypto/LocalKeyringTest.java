package org.medledger.reportchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalKeyring}: persistence, rotation, report binding, and refusal of wrong secrets and edits. */
class LocalKeyringTest {

  private static final char[] SECRET = "dev-only master secret, change me".toCharArray();
  private static final int FAST = LocalKeyring.MIN_PBKDF2_ITERATIONS;

  @TempDir
  Path dir;

  private final UUID reportId = UUID.randomUUID();

  @Test
  void wrapThenUnwrap_sameReport_returnsSameKey() {
    LocalKeyring keyring = open();
    DataKey dataKey = DataKey.generate();

    WrappedKey wrapped = keyring.wrap(dataKey, reportId);

    assertThat(wrapped.kekVersion()).isEqualTo("local:v1");
    assertThat(wrapped.ciphertext()).hasSize(60);
    assertThat(keyring.unwrap(wrapped, reportId).rawBytesDangerously()).isEqualTo(dataKey.rawBytesDangerously());
  }

  @Test
  void unwrap_keyWrappedInEarlierInstance_succeedsAfterReopen() {
    DataKey dataKey = DataKey.generate();
    WrappedKey wrapped = open().wrap(dataKey, reportId);

    LocalKeyring reopened = open();

    assertThat(reopened.unwrap(wrapped, reportId).rawBytesDangerously()).isEqualTo(dataKey.rawBytesDangerously());
  }

  @Test
  void unwrap_wrappedKeyCopiedToAnotherReport_throwsKeyUnwrapException() {
    LocalKeyring keyring = open();
    WrappedKey wrapped = keyring.wrap(DataKey.generate(), reportId);
    UUID otherReport = UUID.randomUUID();

    assertThatThrownBy(() -> keyring.unwrap(wrapped, otherReport))
        .isInstanceOf(KeyUnwrapException.class)
        .hasMessageContaining(otherReport.toString());
  }

  @Test
  void unwrap_anyCiphertextByteChanged_throwsKeyUnwrapException() {
    LocalKeyring keyring = open();
    byte[] ciphertext = keyring.wrap(DataKey.generate(), reportId).ciphertext();
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] corrupted = ciphertext.clone();
      corrupted[i] ^= 0x01;
      WrappedKey tampered = new WrappedKey("local:v1", corrupted);
      assertThatThrownBy(() -> keyring.unwrap(tampered, reportId)).isInstanceOf(KeyUnwrapException.class);
    }
  }

  @Test
  void unwrap_versionLabelChangedToAnotherExistingVersion_throwsKeyUnwrapException() {
    LocalKeyring keyring = open();
    WrappedKey underV1 = keyring.wrap(DataKey.generate(), reportId);
    keyring.rotate();

    WrappedKey relabelled = new WrappedKey("local:v2", underV1.ciphertext());

    assertThatThrownBy(() -> keyring.unwrap(relabelled, reportId)).isInstanceOf(KeyUnwrapException.class);
  }

  @Test
  void unwrap_unknownOrForeignVersion_throwsKeyUnwrapException() {
    LocalKeyring keyring = open();
    byte[] ciphertext = keyring.wrap(DataKey.generate(), reportId).ciphertext();

    assertThatThrownBy(() -> keyring.unwrap(new WrappedKey("local:v9", ciphertext), reportId))
        .isInstanceOf(KeyUnwrapException.class).hasMessageContaining("no such KEK version");
    assertThatThrownBy(() -> keyring.unwrap(new WrappedKey("arn:aws:kms:eu-west-1:1:key/x", ciphertext), reportId))
        .isInstanceOf(KeyUnwrapException.class).hasMessageContaining("not a local keyring KEK version");
  }

  @Test
  void rotate_thenRewrap_movesKeyToNewVersionAndOldWrappedKeyStillUnwraps() {
    LocalKeyring keyring = open();
    DataKey dataKey = DataKey.generate();
    WrappedKey old = keyring.wrap(dataKey, reportId);

    String newVersion = keyring.rotate();
    WrappedKey rewrapped = keyring.rewrap(old, reportId);

    assertThat(newVersion).isEqualTo("local:v2");
    assertThat(keyring.currentKekVersion()).isEqualTo("local:v2");
    assertThat(keyring.kekVersions()).containsExactly("local:v1", "local:v2");
    assertThat(rewrapped.kekVersion()).isEqualTo("local:v2");
    assertThat(keyring.isCurrent(rewrapped)).isTrue();
    assertThat(keyring.isCurrent(old)).isFalse();
    assertThat(keyring.unwrap(rewrapped, reportId).rawBytesDangerously()).isEqualTo(dataKey.rawBytesDangerously());
    assertThat(keyring.unwrap(old, reportId).rawBytesDangerously()).isEqualTo(dataKey.rawBytesDangerously());
  }

  @Test
  void rotate_persistsAcrossInstances() {
    LocalKeyring first = open();
    WrappedKey old = first.wrap(DataKey.generate(), reportId);
    first.rotate();

    LocalKeyring reopened = open();

    assertThat(reopened.currentKekVersion()).isEqualTo("local:v2");
    assertThat(reopened.rewrap(old, reportId).kekVersion()).isEqualTo("local:v2");
  }

  @Test
  void unwrap_versionRotatedByAnotherInstance_reloadsAndSucceeds() {
    LocalKeyring stale = open();
    LocalKeyring other = open();
    other.rotate();
    DataKey dataKey = DataKey.generate();
    WrappedKey underV2 = other.wrap(dataKey, reportId);

    assertThat(stale.unwrap(underV2, reportId).rawBytesDangerously()).isEqualTo(dataKey.rawBytesDangerously());
    assertThat(stale.currentKekVersion()).isEqualTo("local:v2");
  }

  @Test
  void rotate_byTwoInstancesInTurn_keepsEveryVersion() {
    LocalKeyring a = open();
    LocalKeyring b = open();
    a.rotate();
    b.rotate();

    assertThat(open().kekVersions()).containsExactly("local:v1", "local:v2", "local:v3");
  }

  @Test
  void open_wrongMasterSecret_throwsKeyringUnlockException() {
    open();

    assertThatThrownBy(() -> LocalKeyring.open(dir, "another secret of some length".toCharArray(), FAST))
        .isInstanceOf(KeyringUnlockException.class)
        .hasMessageContaining("wrong master secret");
  }

  @Test
  void open_fileModified_throwsKeyringUnlockException() throws Exception {
    open();
    Path file = dir.resolve(LocalKeyring.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 20] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(this::open).isInstanceOf(KeyringUnlockException.class);
  }

  @Test
  void open_headerIterationCountLowered_throwsKeyringUnlockException() throws Exception {
    LocalKeyring.open(dir, SECRET, FAST * 2);
    Path file = dir.resolve(LocalKeyring.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    // iterations are the big-endian int at offset 6 (after magic, format, kdf)
    ByteBuffer.wrap(bytes).putInt(6, FAST);
    Files.write(file, bytes);

    assertThatThrownBy(this::open).isInstanceOf(KeyringUnlockException.class);
  }

  @Test
  void open_notAKeyringFile_throwsKeyringUnlockException() throws Exception {
    Files.writeString(dir.resolve(LocalKeyring.FILE_NAME), "definitely not a keyring");

    assertThatThrownBy(this::open)
        .isInstanceOf(KeyringUnlockException.class).hasMessageContaining("not a MedLedger keyring");
  }

  @Test
  void open_shortMasterSecret_throwsIllegalArgument() {
    assertThatThrownBy(() -> LocalKeyring.open(dir, "short".toCharArray(), FAST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyringFile_onPosixFileSystem_isOwnerOnlyAndLeavesNoTemporaryFiles() throws Exception {
    LocalKeyring keyring = open();
    keyring.rotate();
    Path file = dir.resolve(LocalKeyring.FILE_NAME);

    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(LocalKeyring.FILE_NAME, LocalKeyring.LOCK_FILE_NAME);
    }
  }

  @Test
  void open_missingNestedDirectory_createsItOwnerOnly() throws Exception {
    Path nested = dir.resolve("data/keys");
    LocalKeyring.open(nested, SECRET, FAST);

    assertThat(nested.resolve(LocalKeyring.FILE_NAME)).exists();
    if (nested.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(nested)).containsExactlyInAnyOrder(
          PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    }
  }

  @Test
  void keyringFile_holdsLedgerKeyOnlySealed() throws Exception {
    LocalKeyring keyring = open();
    byte[] publicKey = keyring.ledgerSigner().publicKeyDer();
    byte[] file = Files.readAllBytes(dir.resolve(LocalKeyring.FILE_NAME));

    assertThat(indexOf(file, publicKey)).as("public key DER in clear").isEqualTo(-1);
  }

  @Test
  void ledgerSigner_persistsAcrossInstancesAndSurvivesRotation() {
    LocalKeyring first = open();
    String keyId = first.ledgerSigner().keyId();
    byte[] signature = first.ledgerSigner().sign(new byte[] {1, 2, 3});
    first.rotate();

    LedgerSigner reopened = open().ledgerSigner();

    assertThat(reopened.keyId()).isEqualTo(keyId);
    LedgerSignatureVerifier.verify(reopened.publicKey(), new byte[] {1, 2, 3}, signature);
  }

  @Test
  void rotateLedgerKey_newKeyActive_oldKeyKeptWithItsPrivateKey_acrossInstances() {
    LocalKeyring keyring = open();
    LedgerSigner old = keyring.ledgerSigner();

    LedgerSigner next = keyring.rotateLedgerKey(old.keyId());
    LocalKeyring reopened = open();

    assertThat(next.keyId()).isNotEqualTo(old.keyId());
    assertThat(reopened.ledgerSigner().keyId()).isEqualTo(next.keyId());
    assertThat(reopened.ledgerSigners()).extracting(LedgerSigner::keyId).containsExactly(old.keyId(), next.keyId());
    byte[] signature = reopened.ledgerSigner(old.keyId()).orElseThrow().sign(new byte[] {4});
    LedgerSignatureVerifier.verify(old.publicKey(), new byte[] {4}, signature);
    assertThat(reopened.currentKekVersion()).isEqualTo("local:v1");
  }

  @Test
  void rotateLedgerKey_twiceFromTheSameSigningKey_evenConcurrently_createsOneKey() throws Exception {
    LocalKeyring a = open();
    LocalKeyring b = open();
    String signing = a.ledgerSigner().keyId();

    List<Future<LedgerSigner>> rotations;
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      rotations = pool.invokeAll(List.<Callable<LedgerSigner>>of(() -> a.rotateLedgerKey(signing),
          () -> b.rotateLedgerKey(signing), () -> a.rotateLedgerKey(signing), () -> b.rotateLedgerKey(signing)));
    }

    Set<String> created = new HashSet<>();
    for (Future<LedgerSigner> rotation : rotations) {
      created.add(rotation.get().keyId());
    }
    assertThat(created).hasSize(1);
    assertThat(open().ledgerSigners()).hasSize(2);
    assertThat(a.rotateLedgerKey(created.iterator().next()).keyId()).as("from the new key: a third").isNotIn(created);
  }

  @Test
  void ledgerSigner_byKeyIdRotatedByAnotherInstance_reloadsAndFindsIt() {
    LocalKeyring a = open();
    LocalKeyring b = open();
    LedgerSigner next = b.rotateLedgerKey(b.ledgerSigner().keyId());

    assertThat(a.ledgerSigner(next.keyId())).map(LedgerSigner::keyId).contains(next.keyId());
    assertThat(a.ledgerSigner("00".repeat(32))).isEmpty();
  }

  @Test
  void open_formatOneFileWrittenBeforeLedgerKeyVersions_keepsKeysAndUpgradesOnWrite() throws Exception {
    // Written by the keyring code of commit 8b86b7d: KEKs local:v1 and local:v2, one ledger key.
    try (InputStream in = getClass().getResourceAsStream("keyring-format1.bin")) {
      Files.write(dir.resolve(LocalKeyring.FILE_NAME), in.readAllBytes());
    }
    char[] secret = "format-one-master-secret".toCharArray();
    String ledgerKeyId = "4632ee9dda67ca5c86b9feb73d285e9fed42b7154af7ac2bf55440a5641b44a0";

    LocalKeyring old = LocalKeyring.open(dir, secret, FAST);

    assertThat(old.kekVersions()).containsExactly("local:v1", "local:v2");
    assertThat(old.ledgerSigners()).extracting(LedgerSigner::keyId).containsExactly(ledgerKeyId);
    LedgerSigner next = old.rotateLedgerKey(ledgerKeyId);
    assertThat(Files.readAllBytes(dir.resolve(LocalKeyring.FILE_NAME))[4]).as("format byte").isEqualTo((byte) 2);
    LocalKeyring upgraded = LocalKeyring.open(dir, secret, FAST);
    assertThat(upgraded.ledgerSigners()).extracting(LedgerSigner::keyId).containsExactly(ledgerKeyId, next.keyId());
    assertThat(upgraded.kekVersions()).containsExactly("local:v1", "local:v2");
  }

  @Test
  void toString_showsNoKeyMaterial() {
    LocalKeyring keyring = open();
    assertThat(keyring.toString()).contains("local:v1").doesNotContain(new String(SECRET));
  }

  private LocalKeyring open() {
    return LocalKeyring.open(dir, SECRET, FAST);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
