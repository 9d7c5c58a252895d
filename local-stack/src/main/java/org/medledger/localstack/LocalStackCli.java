package org.medledger.localstack;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.medledger.localstack.LocalStackConfig.PortUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run command: checks, starts the stack and the services, prints where everything is, and stops it all on
 * Ctrl-C.
 *
 * <p>Failures a developer can fix (a port in use, a missing build, a bad variable) end in one line on stderr and
 * exit code 1, checked before anything starts. On Ctrl-C (or SIGTERM) the JVM's shutdown hook ({@link ShutdownGuard})
 * interrupts the main thread and waits for it: the main thread alone owns the running parts and stops them in order
 * (services, then Keycloak, then the infrastructure), also when Ctrl-C comes in the middle of the start-up.
 */
public final class LocalStackCli {

    private static final Logger log = LoggerFactory.getLogger(LocalStackCli.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(120);
    static final String USAGE = "usage: java -jar local-stack.jar [--infra-only]";

    private final PrintStream out;
    private final PrintStream err;
    private final Thread mainThread = Thread.currentThread();
    private volatile boolean shuttingDown;
    private volatile boolean finished;

    LocalStackCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        var cli = new LocalStackCli(System.out, System.err);
        int code = cli.run(args, System.getenv());
        if (!cli.shuttingDown) {
            System.exit(code); // after Ctrl-C the JVM is already exiting: System.exit would block
        }
    }

    /**
     * Runs the command; returns the exit code.
     *
     * @param env the environment to configure the stack from (tests pass their own)
     */
    int run(String[] args, Map<String, String> env) {
        if (args.length == 1 && isHelp(args[0])) {
            out.println(USAGE);
            return 0;
        }
        final boolean infraOnly;
        final LocalStackConfig config;
        try {
            infraOnly = parseInfraOnly(args);
            config = LocalStackConfig.fromEnvironment(env, Path.of("").toAbsolutePath());
            preflight(config, infraOnly);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            return 1;
        }
        Runnable orderlyStop = this::onShutdown;
        ShutdownGuard.runFirst(orderlyStop);
        try {
            return runStack(config, infraOnly);
        } finally {
            finished = true;
            ShutdownGuard.cancel(orderlyStop);
        }
    }

    /**
     * The checks that need no running part: every port free, the service jars built, Keycloak unpacked. Each
     * failure is one line that says what to do.
     */
    static void preflight(LocalStackConfig config, boolean infraOnly) {
        List<PortUse> ports = new ArrayList<>(config.stackPorts());
        if (!infraOnly) {
            ports.addAll(config.servicePorts());
        }
        PortCheck.firstBusy(config.bindHost(), ports).ifPresent(busy -> {
            throw new IllegalStateException(PortCheck.message(busy));
        });
        if (!infraOnly) {
            ServiceProcesses.requireJars(config.repoRoot());
        }
        if (config.keycloakEnabled()) {
            KeycloakHome.locate(config);
        }
    }

    private int runStack(LocalStackConfig config, boolean infraOnly) {
        long begin = System.nanoTime();
        try (LocalStack stack = LocalStack.start(config);
             ServiceProcesses services = infraOnly ? null : ServiceProcesses.start(stack, config.repoRoot())) {
            Path envDir = ServiceEnvironment.writeEnvFiles(config);
            Duration startTime = Duration.ofNanos(System.nanoTime() - begin);
            out.print(ConsoleBanner.render(config, infraOnly, startTime, DemoAccounts.read(config.repoRoot()),
                    envDir));
            out.flush();
            awaitCtrlC();
            log.info("stopping the MedLedger local stack");
            return 0;
        } catch (RuntimeException e) {
            if (shuttingDown) {
                log.info("start-up interrupted: stopped what had started");
                return 0;
            }
            err.println(e.getMessage());
            log.debug("start-up failed", e);
            return 1;
        } finally {
            if (shuttingDown) {
                log.info("MedLedger local stack stopped");
            }
        }
    }

    private void awaitCtrlC() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // the shutdown hook: fall through to the try-with-resources that stops everything
        }
    }

    /** Runs in the JVM's shutdown hook: wakes the main thread and waits until it has stopped everything. */
    private void onShutdown() {
        if (finished) {
            return;
        }
        shuttingDown = true;
        mainThread.interrupt();
        try {
            mainThread.join(SHUTDOWN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean parseInfraOnly(String[] args) {
        if (args.length == 0) {
            return false;
        }
        if (args.length == 1 && "--infra-only".equals(args[0])) {
            return true;
        }
        throw new IllegalArgumentException("unknown argument " + String.join(" ", args) + "; " + USAGE);
    }

    private static boolean isHelp(String arg) {
        return "--help".equals(arg) || "-h".equals(arg);
    }
}
