package org.medledger.reportchain.chunking;

/** The uploaded file had no bytes; a report has at least one chunk. */
public final class EmptyUploadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmptyUploadException() {
        super("the uploaded file is empty");
    }
}
