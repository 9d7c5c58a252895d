package org.medledger.reportchain.crypto;

import java.util.UUID;

/**
 * A wrapped data key is not authentic for the report it was presented for: modified, copied from another
 * report, or under a KEK version the provider does not know. Fatal for that report: retrying cannot help.
 */
public final class KeyUnwrapException extends KeyProviderException {

  private static final long serialVersionUID = 1L;

  private final UUID reportId;
  private final String kekVersion;

  public KeyUnwrapException(UUID reportId, String kekVersion, String reason, Throwable cause) {
    super("wrapped data key of report " + reportId + " under KEK " + kekVersion + " cannot be unwrapped: "
        + reason, cause);
    this.reportId = reportId;
    this.kekVersion = kekVersion;
  }

  public UUID reportId() {
    return reportId;
  }

  public String kekVersion() {
    return kekVersion;
  }
}
