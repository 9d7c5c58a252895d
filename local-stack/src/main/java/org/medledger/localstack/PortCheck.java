package org.medledger.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Optional;

import org.medledger.localstack.LocalStackConfig.PortUse;

/**
 * Checks, before anything starts, that every port the stack needs is free.
 *
 * <p>Half-started stacks are the worst failure of a dev environment: Kafka up, S3 failing on a taken port, and a
 * stack trace that buries the one useful fact. Checking all ports first lets the launcher fail in one line that
 * says which port, who wanted it and which variable moves it.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /** The first port that cannot be bound on {@code bindHost}, if any. */
    public static Optional<PortUse> firstBusy(String bindHost, Collection<PortUse> ports) {
        return ports.stream().filter(use -> !isFree(bindHost, use.port())).findFirst();
    }

    /** The one line the launcher prints for a busy port. */
    public static String message(PortUse busy) {
        return "port " + busy.port() + " (" + busy.owner() + ") is already in use: stop what holds it or set "
                + busy.envVar();
    }

    /**
     * Whether a server could listen on the port now. Binding (rather than connecting) is what the servers will do,
     * so it also catches ports held on another address of a wildcard listener.
     */
    static boolean isFree(String bindHost, int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
