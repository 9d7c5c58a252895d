package org.medledger.localstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five MedLedger services as child processes ({@code java -jar <module>/target/<module>-<version>.jar}),
 * pointed at a running {@link LocalStack}.
 *
 * <pre>{@code
 * try (var stack = LocalStack.start(LocalStackConfig.fromEnvironment());
 *      var services = ServiceProcesses.start(stack, repoRoot)) {
 *     ... // every service answers UP on /actuator/health/readiness
 * }
 * }</pre>
 *
 * <p>All five start at once (on two cores that is faster than one after the other, and none needs another to
 * become ready) on the JVM that runs the stack, with the environment of {@link ServiceEnvironment} and output in
 * {@code <dataDir>/logs/<module>.log}. {@link #start} returns when every one reports readiness UP; if one exits or
 * the time runs out, all are stopped and the error carries the end of the guilty log.
 */
public final class ServiceProcesses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcesses.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /**
     * After a failed start: a Spring Boot service that is still refreshing its context only acts on SIGTERM once the
     * refresh is over, and nothing of value is lost by not waiting for that.
     */
    private static final Duration FAILED_START_GRACE = Duration.ofSeconds(5);

    private final Map<MedLedgerService, ChildProcess> processes;

    private ServiceProcesses(Map<MedLedgerService, ChildProcess> processes) {
        this.processes = processes;
    }

    /** Starts the services with {@link LocalStackConfig#servicesStartTimeout()} to become ready. */
    public static ServiceProcesses start(LocalStack stack, Path repoRoot) {
        return start(stack, repoRoot, Map.of());
    }

    /**
     * Starts the services.
     *
     * @param extraEnvironment added to every service's environment, overriding the stack's values (a test that
     *                         wants, say, a faster audit schedule)
     * @throws IllegalStateException when a jar is missing (one line: build first), a port is taken, a service
     *                               exits, or the services are not ready in time
     */
    public static ServiceProcesses start(LocalStack stack, Path repoRoot, Map<String, String> extraEnvironment) {
        LocalStackConfig config = stack.config();
        requireJars(repoRoot);
        PortCheck.firstBusy(config.bindHost(), config.servicePorts()).ifPresent(busy -> {
            throw new IllegalStateException(PortCheck.message(busy));
        });
        var processes = new EnumMap<MedLedgerService, ChildProcess>(MedLedgerService.class);
        var services = new ServiceProcesses(processes);
        try {
            for (MedLedgerService service : MedLedgerService.values()) {
                processes.put(service, launch(config, repoRoot, service, extraEnvironment));
            }
            services.awaitReady(config);
            return services;
        } catch (RuntimeException e) {
            services.stopAll(FAILED_START_GRACE);
            throw e;
        }
    }

    /**
     * Fails in one line when a service jar has not been built; checked before anything starts, so that a missing
     * build never costs a Keycloak start.
     */
    public static void requireJars(Path repoRoot) {
        for (MedLedgerService service : MedLedgerService.values()) {
            Path jar = service.jar(repoRoot);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(repoRoot.relativize(jar) + " is missing: build the services first "
                        + "(mvn -DskipTests package)");
            }
        }
    }

    /** Where {@code service} writes its output. */
    public Path logFile(MedLedgerService service) {
        return processes.get(service).logFile();
    }

    /** Stops the gateway first, then the other services together; each gets 30 s to shut down gracefully. */
    @Override
    public void close() {
        stopAll(STOP_GRACE);
    }

    private void stopAll(Duration grace) {
        ChildProcess gateway = processes.get(MedLedgerService.GATEWAY);
        if (gateway != null) {
            gateway.stop(grace);
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            processes.forEach((service, process) -> {
                if (service != MedLedgerService.GATEWAY) {
                    executor.submit(() -> process.stop(grace));
                }
            });
        }
    }

    private static ChildProcess launch(LocalStackConfig config, Path repoRoot, MedLedgerService service,
            Map<String, String> extraEnvironment) {
        var env = new HashMap<>(ServiceEnvironment.of(config, service));
        env.putAll(extraEnvironment);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(JvmOptions.quietWarnings());
        command.addAll(List.of("-jar", service.jar(repoRoot).toString()));
        return ChildProcess.start(service.module(), command, env, repoRoot.resolve(service.module()),
                config.dataDir().resolve("logs").resolve(service.module() + ".log"));
    }

    private void awaitReady(LocalStackConfig config) {
        var pending = new LinkedHashMap<MedLedgerService, URI>();
        processes.keySet().forEach(service -> pending.put(service,
                URI.create(service.baseUrl(config) + "/actuator/health/readiness")));
        var probe = new HttpProbe();
        long begin = System.nanoTime();
        long deadline = begin + config.servicesStartTimeout().toNanos();
        while (!pending.isEmpty()) {
            for (var service : new ArrayList<>(pending.keySet())) {
                ChildProcess process = processes.get(service);
                if (probe.isReady(pending.get(service), HttpProbe::up)) {
                    pending.remove(service);
                    log.info("{} ready in {} ms", service.module(), (System.nanoTime() - begin) / 1_000_000);
                } else {
                    process.requireAlive();
                }
            }
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                ChildProcess late = processes.get(pending.keySet().iterator().next());
                throw new IllegalStateException("not ready within " + config.servicesStartTimeout().toSeconds()
                        + " s: " + pending.keySet().stream().map(MedLedgerService::module).toList() + "; the log of "
                        + late.name() + " is " + late.logFile() + System.lineSeparator() + late.logTail(25));
            }
            if (!pending.isEmpty()) {
                HttpProbe.pause(Duration.ofMillis(500), "the services");
            }
        }
    }
}
