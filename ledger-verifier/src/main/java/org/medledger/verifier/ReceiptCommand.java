package org.medledger.verifier;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.ledger.LedgerJson;
import org.medledger.reportchain.ledger.LedgerReceipt;
import org.medledger.reportchain.ledger.LedgerVerificationException;
import org.medledger.reportchain.ledger.LedgerVerifier;
import org.medledger.reportchain.ledger.MalformedBlockException;
import org.medledger.verifier.Main.Outcome;
import org.medledger.verifier.Main.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code verify-receipt FILE RECEIPT.json PUBLIC_KEY}: the file is the report the receipt's ledger entry commits to
 * (its SHA-256, salted with the receipt's {@code plaintextSalt}, gives the entry's plaintext commitment), the entry is
 * in the tree of the receipt's signed head, and the head is signed by the key (one of the keys, if PUBLIC_KEY is the
 * key history of {@code GET /api/ledger/keys}: a receipt issued before a key change carries a head signed by the old key). The receipt's ciphertext commitments (Merkle root, chain head) are covered by the
 * signature but cannot be recomputed from the file: the stored chunks are encrypted.
 */
final class ReceiptCommand {

  private ReceiptCommand() {}

  /** A report receipt as {@code GET /api/reports/{id}/receipt} answers it: the ledger receipt and the salt. */
  record ReportReceipt(String ledgerJson, String plaintextSalt) {}

  /**
   * The ledger receipt inside the report receipt that {@code GET /api/reports/{id}/receipt} answers (its
   * {@code ledger} member) and the salt of the report's plaintext commitment ({@code plaintextSalt}).
   */
  static ReportReceipt parts(String json) {
    JsonNode root;
    try {
      root = JsonMapper.builder().build().readTree(json);
    } catch (JacksonException e) {
      throw new MalformedBlockException(-1, "receipt JSON", "a JSON object", "unreadable");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedBlockException(-1, "receipt JSON", "a JSON object", "another JSON value");
    }
    if (!root.has("ledger") || !root.path("plaintextSalt").isString()) {
      throw new MalformedBlockException(-1, "receipt JSON", "a report receipt with members ledger and plaintextSalt "
          + "(GET /api/reports/{id}/receipt)", "another document");
    }
    JsonNode ledger = root.get("ledger");
    if (ledger.isNull()) {
      throw new MalformedBlockException(-1, "ledger part of the report receipt",
          "a ledger receipt", "none (fetch the receipt again in a few seconds, once the upload's ledger entry is sealed; reports stored "
              + "before the ledger recorded uploads have none)");
    }
    return new ReportReceipt(ledger.toString(), root.get("plaintextSalt").asString());
  }

  static Outcome run(String[] args) {
    if (args.length != 3) {
      throw new UsageException("verify-receipt takes FILE RECEIPT.json PUBLIC_KEY");
    }
    Path file = Path.of(args[0]);
    String receiptJson = Inputs.text(Path.of(args[1]));
    List<PublicKey> publicKeys = Inputs.publicKeys(Path.of(args[2]));
    String fileHash = Inputs.sha256Hex(file);
    try {
      ReportReceipt parts = parts(receiptJson);
      LedgerReceipt receipt = LedgerJson.readReceipt(parts.ledgerJson());
      PublicKey publicKey = LedgerVerifier.keyNamedBy(receipt.head(), publicKeys);
      LedgerVerifier.verifyReceiptForFile(receipt, publicKey, fileHash, parts.plaintextSalt());
      return Outcome.ok(file.getFileName() + " (sha256 " + fileHash + ") is report " + receipt.entry().reportId()
          + ", ledger entry " + receipt.leafIndex() + " of " + receipt.treeSize() + " in block "
          + receipt.entry().blockHeight() + ", head signed by key " + LedgerSignatureVerifier.keyId(publicKey));
    } catch (LedgerVerificationException e) {
      return Outcome.failed(file.getFileName() + " against " + Path.of(args[1]).getFileName() + ": "
          + e.getMessage());
    }
  }
}
