package org.medledger.reportchain.storage;

/** An object store request failed: unreachable, refused, timed out, or the server rejected the checksum. */
public class ObjectStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String store;
    private final String key;

    public ObjectStoreException(String store, String key, String message, Throwable cause) {
        super("object store " + store + ", key " + key + ": " + message, cause);
        this.store = store;
        this.key = key;
    }

    public String store() {
        return store;
    }

    public String key() {
        return key;
    }
}
