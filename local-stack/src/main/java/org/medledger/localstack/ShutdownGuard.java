package org.medledger.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The one JVM shutdown hook of the local stack: it lets the run command stop everything in order, then stops any
 * child process that is still running.
 *
 * <p>Keycloak and the services are separate processes. If the JVM that started them ends without closing them (a
 * test whose set-up failed half-way, a {@code System.exit}, a SIGTERM), they would live on as orphans holding
 * ports 8180 and 8080 until someone hunts them down. The in-process parts (Kafka, S3, MongoDB, mail) need no such
 * care: they end with the JVM. SIGKILL is the one case no JVM code can cover.
 *
 * <p>A single hook, rather than one per owner, because the JVM runs hooks concurrently: the orderly stop of the run
 * command ({@link #runFirst}) must be over before the leftovers are killed, or the gateway-first order is lost.
 */
final class ShutdownGuard {

    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final List<Runnable> FIRST = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private ShutdownGuard() {
    }

    /** A child process that must not outlive this JVM. */
    static void started(ChildProcess child) {
        install();
        RUNNING.add(child);
    }

    static void stopped(ChildProcess child) {
        RUNNING.remove(child);
    }

    /** A task that the hook runs, to its end, before it stops leftover processes. */
    static void runFirst(Runnable task) {
        install();
        FIRST.add(task);
    }

    static void cancel(Runnable task) {
        FIRST.remove(task);
    }

    private static synchronized void install() {
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownGuard::onExit, "medledger-shutdown"));
            installed = true;
        }
    }

    private static void onExit() {
        FIRST.forEach(Runnable::run);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            RUNNING.forEach(child -> executor.submit(() -> child.stop(LEFTOVER_GRACE)));
        }
    }
}
