package org.medledger.reportchain.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * The embedded default {@link KeyProvider}: versioned AES-256 KEKs and the Ed25519 {@linkplain LedgerSigner
 * ledger key} kept in one file, sealed under a key derived from a master secret (see {@link KeyringFile} for
 * the file format and the KDF, {@link KeyringContents} for the body).
 *
 * <p>Guarantees, beyond those of {@link KeyProvider}:
 * <ul>
 *   <li>The keyring is generated on first use (KEK {@code local:v1} and a ledger key) and persists across
 *       instances and restarts.</li>
 *   <li>Writes are atomic (temporary file, fsync, atomic rename) and owner-only ({@code rw-------}, directory
 *       {@code rwx------} when created here) where the file system supports POSIX permissions. Creation and
 *       rotation hold an exclusive lock ({@value #LOCK_FILE_NAME}) and re-read the file first, so two
 *       processes sharing the directory never overwrite each other's versions.</li>
 *   <li>{@link #rotate()} adds a version and makes it current; old versions stay for unwrapping. An unwrap
 *       that names a version newer than this instance knows re-reads the file once (another process
 *       rotated).</li>
 *   <li>{@link #rotateLedgerKey} adds a ledger key version the same way; old ledger keys stay, public and
 *       private, one (the newest) is active. Files written before ledger keys had versions still open.</li>
 *   <li>A wrong master secret or a modified file fails with {@link KeyringUnlockException}, never with
 *       garbage keys.</li>
 * </ul>
 *
 * <p>Wrapped key ciphertext ({@link WrappedKey#ciphertext()}), 60 bytes:
 * {@code nonce (12, random) || AES-256-GCM(KEK, nonce, AD, data key (32)) || tag (16)}, with
 * {@code AD = 0x01 || report id (16, big-endian msb||lsb) || KEK version (US-ASCII, e.g. "local:v2")}. Random
 * nonces are safe here: a KEK wraps one key per report, far below the 2^32 messages NIST SP 800-38D allows
 * per key with random 96-bit nonces.
 *
 * <p>Thread-safe.
 */
public final class LocalKeyring implements KeyProvider {

  /** Name of the keyring file inside the directory. */
  public static final String FILE_NAME = "medledger-keyring.bin";
  /** Name of the lock file beside it. */
  public static final String LOCK_FILE_NAME = "medledger-keyring.lock";
  /** PBKDF2 iteration count for new keyrings (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
  public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;
  /** Smallest accepted iteration count (for tests; production keeps the default). */
  public static final int MIN_PBKDF2_ITERATIONS = KeyringFile.MIN_ITERATIONS;
  /** Shortest accepted master secret, in characters. */
  public static final int MIN_MASTER_SECRET_LENGTH = 16;

  private static final String VERSION_PREFIX = "local:v";
  private static final Pattern VERSION = Pattern.compile("local:v([1-9][0-9]{0,8})");
  private static final int WRAPPED_LENGTH = AesGcm.NONCE_LENGTH + DataKey.LENGTH + AesGcm.TAG_LENGTH;
  private static final byte AD_FORMAT = 1;
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final KeyringFile envelope;
  private final SecureRandom random;
  private final Clock clock;
  private volatile KeyringContents contents;

  private LocalKeyring(Path file, KeyringFile envelope, KeyringContents contents, SecureRandom random,
      Clock clock) {
    this.file = file;
    this.envelope = envelope;
    this.contents = contents;
    this.random = random;
    this.clock = clock;
  }

  /** Opens (or creates) the keyring in {@code directory} with {@link #DEFAULT_PBKDF2_ITERATIONS}. */
  public static LocalKeyring open(Path directory, char[] masterSecret) {
    return open(directory, masterSecret, DEFAULT_PBKDF2_ITERATIONS);
  }

  /**
   * Opens the keyring in {@code directory}, creating directory and keyring if absent.
   *
   * @param masterSecret at least {@value #MIN_MASTER_SECRET_LENGTH} characters; not retained (the caller
   *     may zero it afterwards)
   * @param iterationsForNewKeyring PBKDF2 iterations if a keyring is created now; an existing file keeps
   *     the count written in it
   * @throws KeyringUnlockException if the file exists but cannot be opened with this secret
   * @throws KeyProviderException on I/O errors
   */
  public static LocalKeyring open(Path directory, char[] masterSecret, int iterationsForNewKeyring) {
    if (masterSecret == null || masterSecret.length < MIN_MASTER_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "the keyring master secret must have at least " + MIN_MASTER_SECRET_LENGTH + " characters");
    }
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    Path file = createDirectory(directory).resolve(FILE_NAME);
    return withFileLock(file, () -> {
      if (Files.exists(file)) {
        byte[] bytes = readBounded(file);
        KeyringFile envelope = KeyringFile.forExisting(masterSecret, bytes);
        return new LocalKeyring(file, envelope, decode(envelope.open(bytes)), random, clock);
      }
      KeyringFile envelope = KeyringFile.create(masterSecret, iterationsForNewKeyring, random);
      byte[] firstKek = newKek(random);
      KeyringContents contents = KeyringContents.createNew(firstKek, clock.instant());
      Arrays.fill(firstKek, (byte) 0);
      LocalKeyring keyring = new LocalKeyring(file, envelope, contents, random, clock);
      keyring.write(contents);
      return keyring;
    });
  }

  @Override
  public String currentKekVersion() {
    return VERSION_PREFIX + contents.currentVersion();
  }

  /** Every KEK version this keyring holds, oldest first. */
  public List<String> kekVersions() {
    return contents.keks().keySet().stream().map(v -> VERSION_PREFIX + v).toList();
  }

  /**
   * Adds a new KEK version and makes it current; returns it. Existing wrapped keys keep unwrapping; use
   * {@link #rewrap} to move them to the new version.
   */
  public String rotate() {
    return withFileLock(file, () -> {
      KeyringContents latest = decode(envelope.open(readBounded(file)));
      byte[] kek = newKek(random);
      KeyringContents next = latest.withNewVersion(kek, clock.instant());
      Arrays.fill(kek, (byte) 0);
      write(next);
      contents = next;
      return VERSION_PREFIX + next.currentVersion();
    });
  }

  /** The active ledger signing key (the newest version), stored sealed in this keyring. */
  public LedgerSigner ledgerSigner() {
    return contents.ledgerSigner();
  }

  /** Every ledger key version, oldest first; old ones are kept so that what they signed stays verifiable. */
  public List<LedgerSigner> ledgerSigners() {
    return contents.ledgerSigners();
  }

  /**
   * The ledger key with {@code keyId}; re-reads the file once if this instance does not know it (another process
   * rotated).
   */
  public Optional<LedgerSigner> ledgerSigner(String keyId) {
    Optional<LedgerSigner> known = find(contents, keyId);
    if (known.isPresent()) {
      return known;
    }
    reload();
    return find(contents, keyId);
  }

  /**
   * Adds a new ledger key version and makes it active, unless the file already holds a version newer than
   * {@code signingKeyId} (made by a rotation whose announcement is not sealed yet): that one is returned instead, so
   * rotations that start from the same signing key create one key between them, across processes too.
   *
   * @param signingKeyId the key that signs the ledger's next block
   * @return the key that is to sign after it
   */
  public LedgerSigner rotateLedgerKey(String signingKeyId) {
    return withFileLock(file, () -> {
      KeyringContents latest = decode(envelope.open(readBounded(file)));
      List<LedgerSigner> signers = latest.ledgerSigners();
      int signing = signers.stream().map(LedgerSigner::keyId).toList().indexOf(signingKeyId);
      if (signing >= 0 && signing < signers.size() - 1) {
        contents = latest;
        return signers.get(signing + 1);
      }
      KeyringContents next = latest.withLedgerSigner(LedgerSigner.generate());
      write(next);
      contents = next;
      return next.ledgerSigner();
    });
  }

  private static Optional<LedgerSigner> find(KeyringContents contents, String keyId) {
    return contents.ledgerSigners().stream().filter(signer -> signer.keyId().equals(keyId)).findFirst();
  }

  @Override
  public WrappedKey wrap(DataKey dataKey, UUID reportId) {
    KeyringContents snapshot = contents;
    int version = snapshot.currentVersion();
    String kekVersion = VERSION_PREFIX + version;
    byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] raw = dataKey.rawBytesDangerously();
    try {
      byte[] sealed = new AesGcm().encrypt(
          snapshot.keks().get(version).key(), nonce, associatedData(reportId, kekVersion), raw);
      return new WrappedKey(kekVersion,
          ByteBuffer.allocate(WRAPPED_LENGTH).put(nonce).put(sealed).array());
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public DataKey unwrap(WrappedKey wrappedKey, UUID reportId) {
    String kekVersion = wrappedKey.kekVersion();
    SecretKey kek = kek(kekVersion, reportId);
    byte[] ciphertext = wrappedKey.ciphertext();
    if (ciphertext.length != WRAPPED_LENGTH) {
      throw new KeyUnwrapException(reportId, kekVersion,
          "expected " + WRAPPED_LENGTH + " bytes, got " + ciphertext.length, null);
    }
    byte[] nonce = Arrays.copyOf(ciphertext, AesGcm.NONCE_LENGTH);
    byte[] body = Arrays.copyOfRange(ciphertext, AesGcm.NONCE_LENGTH, ciphertext.length);
    byte[] raw = null;
    try {
      raw = new AesGcm().decrypt(kek, nonce, associatedData(reportId, kekVersion), body);
      return DataKey.fromRawBytesDangerously(raw);
    } catch (AEADBadTagException e) {
      throw new KeyUnwrapException(reportId, kekVersion,
          "authentication failed (modified, or wrapped for another report)", e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  @Override
  public WrappedKey rewrap(WrappedKey wrappedKey, UUID reportId) {
    DataKey dataKey = unwrap(wrappedKey, reportId);
    try {
      return wrap(dataKey, reportId);
    } finally {
      dataKey.destroy();
    }
  }

  @Override
  public String toString() {
    return "LocalKeyring[" + file + ", current=" + currentKekVersion() + "]";
  }

  private SecretKey kek(String kekVersion, UUID reportId) {
    Matcher matcher = VERSION.matcher(kekVersion);
    if (!matcher.matches()) {
      throw new KeyUnwrapException(reportId, kekVersion, "not a local keyring KEK version", null);
    }
    int version = Integer.parseInt(matcher.group(1));
    KeyringContents.Kek kek = contents.keks().get(version);
    if (kek == null && version > contents.keks().lastKey()) {
      reload();
      kek = contents.keks().get(version);
    }
    if (kek == null) {
      throw new KeyUnwrapException(reportId, kekVersion, "this keyring has no such KEK version", null);
    }
    return kek.key();
  }

  private void reload() {
    withFileLock(file, () -> {
      contents = decode(envelope.open(readBounded(file)));
      return null;
    });
  }

  private static byte[] associatedData(UUID reportId, String kekVersion) {
    byte[] version = kekVersion.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + 16 + version.length)
        .put(AD_FORMAT)
        .putLong(reportId.getMostSignificantBits())
        .putLong(reportId.getLeastSignificantBits())
        .put(version)
        .array();
  }

  private static byte[] newKek(SecureRandom random) {
    byte[] kek = new byte[AesGcm.KEY_LENGTH];
    random.nextBytes(kek);
    return kek;
  }

  private static KeyringContents decode(KeyringFile.Body body) {
    try {
      return KeyringContents.decode(body.format(), body.bytes());
    } catch (IllegalArgumentException e) {
      throw new KeyringUnlockException("keyring body is inconsistent: " + e.getMessage(), e);
    } finally {
      Arrays.fill(body.bytes(), (byte) 0);
    }
  }

  /** Writes atomically: owner-only temporary file, fsync, atomic rename over the old file. */
  private void write(KeyringContents next) {
    byte[] body = next.encode();
    byte[] sealed = envelope.seal(body, random);
    Arrays.fill(body, (byte) 0);
    Path directory = file.getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(directory, ".keyring-", ".tmp", ownerOnly(directory, "rw-------"));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(directory);
    } catch (IOException e) {
      throw new KeyProviderException("cannot write keyring file " + file, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @SuppressWarnings("try") // the lock is held by the try-with-resources, not referenced
  private static <T> T withFileLock(Path file, Supplier<T> action) {
    ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(),
        p -> new ReentrantLock());
    inProcess.lock();
    Path lockFile = file.resolveSibling(LOCK_FILE_NAME);
    try (FileChannel channel = FileChannel.open(lockFile,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            ownerOnly(file.getParent(), "rw-------"));
        FileLock ignored = channel.lock()) {
      return action.get();
    } catch (IOException e) {
      throw new KeyProviderException("cannot lock keyring " + lockFile, e);
    } finally {
      inProcess.unlock();
    }
  }

  private static Path createDirectory(Path directory) {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory, ownerOnly(directory.toAbsolutePath().getRoot(), "rwx------"));
      }
      return directory;
    } catch (FileAlreadyExistsException e) {
      throw new KeyProviderException("keyring location is not a directory: " + directory, e);
    } catch (IOException e) {
      throw new KeyProviderException("cannot create keyring directory " + directory, e);
    }
  }

  private static byte[] readBounded(Path file) {
    try {
      if (Files.size(file) > KeyringFile.MAX_FILE_LENGTH) {
        throw new KeyringUnlockException("keyring file is implausibly large: " + file, null);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyProviderException("cannot read keyring file " + file, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path onFileSystemOf, String permissions) {
    boolean posix = onFileSystemOf != null
        && onFileSystemOf.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
        : new FileAttribute<?>[0];
  }

  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory; the rename itself is still atomic.
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // A stray owner-only temporary file holds only ciphertext.
      }
    }
  }
}
