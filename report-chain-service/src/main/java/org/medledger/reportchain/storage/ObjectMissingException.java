package org.medledger.reportchain.storage;

/** The object does not exist in the bucket (deleted or never written). */
public final class ObjectMissingException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    public ObjectMissingException(String store, String key) {
        super(store, key, "no such object", null);
    }
}
