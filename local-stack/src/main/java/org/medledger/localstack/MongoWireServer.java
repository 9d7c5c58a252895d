package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB wire-protocol server (mongo-java-server) in this JVM, with its data in one H2 MVStore file under the
 * data directory, so that appointments, manifests and the ledger survive a restart of the stack.
 *
 * <p>A real MongoDB cannot be installed on these machines (see STACK.md). mongo-java-server speaks the protocol that
 * the official drivers use, but has no sessions or transactions: MedLedger relies on single-document atomicity,
 * which it supports.
 */
public final class MongoWireServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MongoWireServer.class);

    private final MongoServer server;
    private final H2Backend backend;
    private final String connectionString;

    private MongoWireServer(MongoServer server, H2Backend backend, String connectionString) {
        this.server = server;
        this.backend = backend;
        this.connectionString = connectionString;
    }

    /** Opens (or creates) the data file and listens on the configured port. */
    public static MongoWireServer start(LocalStackConfig config) {
        Path file = config.dataDir().resolve("mongo").resolve("mongo.mv.db");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the MongoDB directory " + file.getParent(), e);
        }
        var backend = new IndexSafeH2Backend(file.toString());
        var server = new MongoServer(backend);
        try {
            server.bind(config.bindHost(), config.mongoPort());
        } catch (RuntimeException e) {
            server.shutdownNow();
            backend.close();
            throw new IllegalStateException("MongoDB server did not start on port " + config.mongoPort() + ": "
                    + e.getMessage(), e);
        }
        log.debug("MongoDB wire server on {} with data in {}", config.mongoPort(), file);
        return new MongoWireServer(server, backend, "mongodb://" + config.publicHost() + ":" + config.mongoPort());
    }

    /** {@code mongodb://localhost:27017} (append {@code /<database>}). */
    public String connectionString() {
        return connectionString;
    }

    /** Stops accepting clients, then closes the data file so that everything written is on disk. */
    @Override
    public void close() {
        try {
            server.shutdownNow();
        } finally {
            backend.close();
        }
    }
}
