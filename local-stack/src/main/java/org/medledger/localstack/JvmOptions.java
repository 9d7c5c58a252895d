package org.medledger.localstack;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options for the child processes, which run on this JVM's Java.
 *
 * <p>On recent JDKs, Netty, Kafka and JBoss Threads reach into the JDK in ways the JVM now warns about (or, for
 * JBoss Threads on JDK 24+, refuses): granting those accesses explicitly keeps the logs about MedLedger. Each option
 * is only passed to a JDK that knows it, because an unknown option stops the JVM.
 */
final class JvmOptions {

    private JvmOptions() {
    }

    /** For every child JVM: native access (Netty) and, from JDK 23, {@code sun.misc.Unsafe} memory access. */
    static List<String> quietWarnings() {
        var options = new ArrayList<String>();
        options.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    /** For Keycloak: also the {@code java.lang} access that JBoss Threads needs on JDK 24+ to reset thread locals. */
    static List<String> keycloak() {
        var options = new ArrayList<>(quietWarnings());
        options.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        return options;
    }
}
