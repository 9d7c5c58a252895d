package org.medledger.verifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.medledger.events.MalformedEventException;
import org.medledger.events.Topics;
import org.medledger.reportchain.ledger.LedgerJson;
import org.medledger.reportchain.ledger.LedgerVerificationException;
import org.medledger.reportchain.ledger.LedgerVerifier;
import org.medledger.reportchain.ledger.TrustedState;
import org.medledger.verifier.Main.Outcome;
import org.medledger.verifier.Main.UsageException;

/**
 * {@code verify-ledger}: reads every {@code BlockSealed} event of the ledger topic from the beginning, verifies the
 * chain with {@link LedgerCheck}, checks it against the head trusted before ({@code --trusted-head FILE}, if the file
 * exists) and then keeps the new head in that file, as immudb4j's state holder does. The first run with a new file
 * trusts what it verifies (trust on first use of the file; the public key is the root of trust).
 *
 * <p>{@code --public-key} may be repeated, and a file may hold the whole key history of {@code GET /api/ledger/keys}.
 * The first block must be signed by one of these keys; after that a block is signed by the key of the block before
 * it or by the key that block announced ({@code LEDGER_KEY_ROTATED}, signed by the previous key), so a rotation needs
 * no new option, and a key that was never announced is rejected even if given here.
 */
final class LedgerCommand {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private LedgerCommand() {}

  static Outcome run(String[] args) {
    Map<String, List<String>> options = options(args);
    String bootstrap = required(options, "--bootstrap");
    required(options, "--public-key");
    List<PublicKey> publicKeys = options.get("--public-key").stream()
        .flatMap(file -> Inputs.publicKeys(Path.of(file)).stream())
        .toList();
    String topic = single(options, "--topic", Topics.LEDGER);
    String trustedPath = single(options, "--trusted-head", null);
    Path trustedFile = trustedPath != null ? Path.of(trustedPath) : null;
    Duration timeout = timeout(single(options, "--timeout-seconds", null));
    TrustedState trusted = trustedFile != null && Files.exists(trustedFile)
        ? trustedState(trustedFile) : null;

    LedgerCheck check = new LedgerCheck(new LedgerVerifier(publicKeys));
    TrustedState head;
    try {
      LedgerTopic.forEachBlock(bootstrap, topic, timeout, check::offer);
      head = check.finish(trusted);
    } catch (LedgerTopic.UnreadableException | KafkaException e) {
      throw new UsageException("cannot read topic " + topic + " at " + bootstrap + ": " + e.getMessage(), e);
    } catch (LedgerVerificationException | MalformedEventException e) {
      return Outcome.failed("ledger on " + topic + ": " + e.getMessage());
    }
    if (trustedFile != null) {
      keep(trustedFile, head);
    }
    return Outcome.ok(check.blocks() + " blocks on " + topic + " verified; head at block " + head.height()
        + ", tree size " + head.treeSize() + ", root " + head.treeRoot()
        + (trusted == null ? "" : "; consistent with the trusted head at block " + trusted.height()));
  }

  private static Map<String, List<String>> options(String[] args) {
    Map<String, List<String>> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || i + 1 >= args.length) {
        throw new UsageException("expected --option VALUE pairs, got " + name);
      }
      if (!name.matches("--(bootstrap|public-key|topic|trusted-head|timeout-seconds)")) {
        throw new UsageException("unknown option " + name);
      }
      options.computeIfAbsent(name, n -> new ArrayList<>()).add(args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, List<String>> options, String name) {
    String value = single(options, name, null);
    if (value == null || value.isBlank()) {
      throw new UsageException("verify-ledger needs " + name);
    }
    return value;
  }

  /** The option's value; only {@code --public-key} may be repeated. */
  private static String single(Map<String, List<String>> options, String name, String absent) {
    List<String> values = options.get(name);
    if (values == null) {
      return absent;
    }
    if (values.size() > 1 && !name.equals("--public-key")) {
      throw new UsageException(name + " given more than once");
    }
    return values.getFirst();
  }

  private static Duration timeout(String seconds) {
    if (seconds == null) {
      return DEFAULT_TIMEOUT;
    }
    try {
      long value = Long.parseLong(seconds);
      if (value >= 1 && value <= 3600) {
        return Duration.ofSeconds(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--timeout-seconds must be a whole number of seconds from 1 to 3600");
  }

  private static TrustedState trustedState(Path file) {
    try {
      return LedgerJson.readTrustedState(Inputs.text(file));
    } catch (LedgerVerificationException e) {
      throw new UsageException(file + " is not a trusted head written by verify-ledger", e);
    }
  }

  /** Replaces the file atomically, so a crash never leaves half a trusted head. */
  private static void keep(Path file, TrustedState head) {
    try {
      Path absolute = file.toAbsolutePath();
      Path temp = Files.createTempFile(absolute.getParent(), ".trusted-head", ".tmp");
      Files.writeString(temp, LedgerJson.write(head) + "\n", StandardCharsets.UTF_8);
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UsageException("verified, but cannot write the trusted head to " + file + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }
}
