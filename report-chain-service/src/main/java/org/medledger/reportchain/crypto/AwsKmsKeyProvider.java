package org.medledger.reportchain.crypto;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * {@link KeyProvider} backed by an AWS KMS symmetric key (SDK v2 {@link KmsClient}).
 *
 * <ul>
 *   <li>Wrap = KMS {@code Encrypt}, unwrap = {@code Decrypt}, rewrap = {@code ReEncrypt} (the data key never
 *       leaves KMS in the clear during rotation). Each call passes the encryption context
 *       <code>{"medledger:reportId": "&lt;uuid&gt;"}</code>, which KMS authenticates like associated data: a
 *       wrapped key moved to another report fails with {@link KeyUnwrapException}. The context also appears in
 *       CloudTrail, so each unwrap is attributable to one report.</li>
 *   <li>{@link WrappedKey#kekVersion()} is the key ARN KMS reports; {@link WrappedKey#ciphertext()} is the KMS
 *       ciphertext blob as returned (it names the backing key version inside). Decrypt passes that ARN as
 *       {@code KeyId}, so a blob cannot be redirected to another key.</li>
 *   <li>KEK versions: KMS automatic rotation keeps the ARN and old key material, so existing blobs keep
 *       decrypting and nothing needs re-wrapping. Moving to a new key (new ARN) is a configuration change; then
 *       {@link #rewrap} moves each data key with {@code ReEncrypt}.</li>
 * </ul>
 * KMS errors that concern the blob (invalid ciphertext, wrong key) become {@link KeyUnwrapException}; every
 * other SDK failure (network, throttling, permissions) becomes {@link KeyProviderException}, which callers may
 * retry. The KMS response's plaintext is copied once into the {@link DataKey}; the SDK's own buffer cannot be
 * zeroed.
 */
public final class AwsKmsKeyProvider implements KeyProvider {

  /** The encryption-context key under which the report id is bound. */
  public static final String CONTEXT_KEY = "medledger:reportId";

  private final KmsClient kms;
  private final String keyArn;

  private AwsKmsKeyProvider(KmsClient kms, String keyArn) {
    this.kms = kms;
    this.keyArn = keyArn;
  }

  /**
   * A provider wrapping under {@code keyId} (ARN, key id, alias name or alias ARN), resolved once to its key
   * ARN with {@code DescribeKey}.
   */
  public static AwsKmsKeyProvider create(KmsClient kms, String keyId) {
    Objects.requireNonNull(kms, "kms");
    try {
      return new AwsKmsKeyProvider(kms, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().arn());
    } catch (SdkException e) {
      throw new KeyProviderException("cannot resolve KMS key " + keyId, e);
    }
  }

  @Override
  public WrappedKey wrap(DataKey dataKey, UUID reportId) {
    byte[] raw = dataKey.rawBytesDangerously();
    try {
      var response = kms.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromByteArrayUnsafe(raw))
          .encryptionContext(context(reportId)));
      return new WrappedKey(response.keyId(), response.ciphertextBlob().asByteArray());
    } catch (SdkException e) {
      throw new KeyProviderException("KMS Encrypt failed for report " + reportId, e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public DataKey unwrap(WrappedKey wrappedKey, UUID reportId) {
    byte[] raw = null;
    try {
      var response = kms.decrypt(r -> r.keyId(wrappedKey.kekVersion())
          .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey.ciphertext()))
          .encryptionContext(context(reportId)));
      raw = response.plaintext().asByteArray();
      return DataKey.fromRawBytesDangerously(raw);
    } catch (InvalidCiphertextException | IncorrectKeyException e) {
      throw new KeyUnwrapException(reportId, wrappedKey.kekVersion(),
          "KMS rejected the blob (modified, or wrapped for another report or key)", e);
    } catch (IllegalArgumentException e) {
      throw new KeyUnwrapException(reportId, wrappedKey.kekVersion(), "KMS returned a key of the wrong size", e);
    } catch (SdkException e) {
      throw new KeyProviderException("KMS Decrypt failed for report " + reportId, e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  @Override
  public String currentKekVersion() {
    return keyArn;
  }

  @Override
  public WrappedKey rewrap(WrappedKey wrappedKey, UUID reportId) {
    try {
      var response = kms.reEncrypt(r -> r.sourceKeyId(wrappedKey.kekVersion())
          .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey.ciphertext()))
          .sourceEncryptionContext(context(reportId))
          .destinationKeyId(keyArn)
          .destinationEncryptionContext(context(reportId)));
      return new WrappedKey(response.keyId(), response.ciphertextBlob().asByteArray());
    } catch (InvalidCiphertextException | IncorrectKeyException e) {
      throw new KeyUnwrapException(reportId, wrappedKey.kekVersion(), "KMS rejected the blob", e);
    } catch (SdkException e) {
      throw new KeyProviderException("KMS ReEncrypt failed for report " + reportId, e);
    }
  }

  private static Map<String, String> context(UUID reportId) {
    return Map.of(CONTEXT_KEY, reportId.toString());
  }

  @Override
  public String toString() {
    return "AwsKmsKeyProvider[" + keyArn + "]";
  }
}
