package org.medledger.reportchain.crypto;

/**
 * The local keyring file cannot be opened: wrong master secret, a modified or truncated file, or a file that
 * is not a keyring. Never retried: the configuration or the file must be fixed.
 */
public final class KeyringUnlockException extends KeyProviderException {

  private static final long serialVersionUID = 1L;

  public KeyringUnlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
