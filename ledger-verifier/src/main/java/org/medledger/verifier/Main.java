package org.medledger.verifier;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The verifier's command line ({@code java -jar ledger-verifier-*-cli.jar COMMAND ...}):
 * <pre>
 * verify-receipt FILE RECEIPT.json PUBLIC_KEY
 * verify-ledger --bootstrap HOST:PORT --public-key PUBLIC_KEY [--public-key PUBLIC_KEY ...] [--topic TOPIC]
 *               [--trusted-head FILE] [--timeout-seconds N]
 * </pre>
 * {@code PUBLIC_KEY} is the PEM "PUBLIC KEY" block, the JSON that {@code GET /api/ledger/public-key} answers, or the
 * key history that {@code GET /api/ledger/keys} answers.
 * Exit status 0: verified; 1: verification failed; 2: usage or input that cannot be read. Each run prints one line:
 * {@code OK ...}, {@code FAILED ...} or {@code ERROR ...}.
 */
public final class Main {

  /** Verified. */
  public static final int OK = 0;
  /** The data was read and does not verify. */
  public static final int FAILED = 1;
  /** Wrong arguments, or input that cannot be read. */
  public static final int USAGE = 2;

  static final String USAGE_TEXT = """
      usage: verify-receipt FILE RECEIPT.json PUBLIC_KEY
             verify-ledger --bootstrap HOST:PORT --public-key PUBLIC_KEY [--public-key PUBLIC_KEY ...] \
      [--topic TOPIC] [--trusted-head FILE] [--timeout-seconds N]""";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit status. Never calls {@link System#exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      Outcome outcome = switch (args[0]) {
        case "verify-receipt" -> ReceiptCommand.run(rest);
        case "verify-ledger" -> LedgerCommand.run(rest);
        default -> throw new UsageException("unknown command " + args[0]);
      };
      (outcome.status() == OK ? out : err).println(outcome.message());
      return outcome.status();
    } catch (UsageException e) {
      err.println("ERROR " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
  }

  /** What a command found: an exit status and its one line. */
  record Outcome(int status, String message) {

    static Outcome ok(String message) {
      return new Outcome(OK, "OK " + message);
    }

    static Outcome failed(String message) {
      return new Outcome(FAILED, "FAILED " + message);
    }
  }

  /** Wrong arguments or unreadable input: exit 2. */
  static final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }

    UsageException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
