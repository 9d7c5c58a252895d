package org.medledger.reportchain.chunking;

/** The upload exceeded the configured maximum size; raised as soon as the excess byte arrives. */
public final class UploadTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long maxSize;

    public UploadTooLargeException(long maxSize) {
        super("the upload exceeds the maximum of " + maxSize + " bytes");
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }
}
