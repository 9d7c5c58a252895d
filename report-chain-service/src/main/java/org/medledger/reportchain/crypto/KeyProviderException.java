package org.medledger.reportchain.crypto;

/**
 * A {@link KeyProvider} could not do its work: an I/O error, an unreachable or refusing KMS, a keyring that
 * cannot be opened. Messages never carry key material. Subclasses say when the failure is about the data
 * itself ({@link KeyUnwrapException}) rather than the provider.
 */
public class KeyProviderException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KeyProviderException(String message) {
    super(message);
  }

  public KeyProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
