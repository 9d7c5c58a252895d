package org.medledger.reportchain.storage;

/** The object exists but ends before the byte range asked for: it was cut short or replaced by a shorter one. */
public final class ObjectTruncatedException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    public ObjectTruncatedException(String store, String key, String message) {
        super(store, key, message, null);
    }
}
