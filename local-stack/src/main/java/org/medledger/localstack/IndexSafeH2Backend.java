package org.medledger.localstack;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 backend with index changes kept apart from everything else.
 *
 * <p>Its collections synchronize reads and writes but not {@code addIndex}/{@code dropIndex}, and every query walks
 * the collection's plain list of indexes. A service creating its indexes at start-up while another (or a sweep of
 * its own) queries the same collection therefore fails that query with a {@code ConcurrentModificationException}.
 * Commands that change a collection's indexes take the write lock; all others share the read lock.
 */
final class IndexSafeH2Backend extends H2Backend {

    private static final Set<String> INDEX_CHANGING_COMMANDS = Set.of(
            "createindexes", "dropindexes", "deleteindexes", "drop", "dropdatabase", "create", "renamecollection");

    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();

    IndexSafeH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Lock lock = INDEX_CHANGING_COMMANDS.contains(command.toLowerCase(Locale.ROOT))
                ? indexLock.writeLock()
                : indexLock.readLock();
        lock.lock();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            lock.unlock();
        }
    }
}
