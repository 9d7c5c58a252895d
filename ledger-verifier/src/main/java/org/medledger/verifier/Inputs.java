package org.medledger.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.crypto.LedgerSignatureException;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.ledger.LedgerEncoding;
import org.medledger.verifier.Main.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the command line's files; anything unreadable is a {@link UsageException} naming the file. */
final class Inputs {

  /** Longest key or JSON file read whole (a receipt is a few kB; a block at most a few MB). */
  static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;

  private Inputs() {}

  /** A document read whole, after a size check. */
  static String text(Path path) {
    try {
      long size = Files.size(path);
      if (size > MAX_DOCUMENT_BYTES) {
        throw new UsageException(path + " is " + size + " bytes, more than a ledger document can be");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The ledger public keys in a PEM file, the JSON of {@code GET /api/ledger/public-key} (one key) or the JSON of
   * {@code GET /api/ledger/keys} (every key the deployment published).
   */
  static List<PublicKey> publicKeys(Path path) {
    String text = text(path).strip();
    List<String> pems = List.of(text);
    if (text.startsWith("{")) {
      try {
        JsonNode root = JsonMapper.builder().build().readTree(text);
        JsonNode keys = root.get("keys");
        pems = keys != null && keys.isArray()
            ? keys.valueStream().map(key -> key.path("pem").asString("")).toList()
            : List.of(root.path("pem").asString(""));
      } catch (JacksonException e) {
        throw new UsageException(path + " is neither a PEM public key nor the ledger's public-key JSON", e);
      }
    }
    if (pems.isEmpty()) {
      throw new UsageException(path + " lists no ledger public key");
    }
    try {
      return pems.stream().map(LedgerSignatureVerifier::parsePublicKeyPem).toList();
    } catch (LedgerSignatureException e) {
      throw new UsageException(path + " holds no Ed25519 ledger public key: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of a file, streamed (reports can be far larger than memory). */
  static String sha256Hex(Path path) {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UsageException("cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
    }
    return LedgerEncoding.hex(digest.digest());
  }
}
