package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process of the stack (Keycloak, a service) whose output goes to a log file and whose whole process tree is
 * stopped on {@link #close()}.
 *
 * <p>Stopping the tree, not just the process, matters: {@code kc.sh} is a shell that runs Keycloak's JVM as its
 * child, and killing the shell alone would leave that JVM holding port 8180 after the stack has "stopped". A child
 * that its owner never stops is stopped by {@link ShutdownGuard} when this JVM exits.
 */
final class ChildProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir} with the current environment plus {@code env}, stdout and stderr
     * both to {@code logFile} (truncated: each start gets a fresh log).
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            var builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close(); // no input: a child that reads stdin sees end-of-file, never blocks
            log.debug("{} started as pid {}: {}", name, process.pid(), command);
            var child = new ChildProcess(name, process, logFile);
            ShutdownGuard.started(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.getFirst() + ")", e);
        }
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails, with the end of the log, when the process is gone while it should be starting or running. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; its log is "
                    + logFile + System.lineSeparator() + logTail(25));
        }
    }

    /** The last {@code lines} lines of the log, for error messages that should not send anyone hunting. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Asks the whole tree to stop (SIGTERM), waits up to {@code grace}, then kills whatever is left (SIGKILL).
     */
    void stop(Duration grace) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
            ShutdownGuard.stopped(this);
            return;
        }
        // stopping must finish even when the caller was interrupted (Ctrl-C during start-up)
        boolean interrupted = Thread.interrupted();
        tree.forEach(ProcessHandle::destroy);
        var exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            log.debug("{} stopped", name);
        } catch (TimeoutException e) {
            log.warn("{} did not stop within {} ms: killing it", name, grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("waiting for {} to stop failed: {}", name, e.getMessage());
        } finally {
            killAndWait(tree.stream().filter(ProcessHandle::isAlive).toList());
            ShutdownGuard.stopped(this);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGKILL, then wait (briefly: the kernel is quick) so that the ports are free when {@link #stop} returns. */
    private static void killAndWait(List<ProcessHandle> survivors) {
        survivors.forEach(ProcessHandle::destroyForcibly);
        try {
            CompletableFuture.allOf(survivors.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("processes {} survived SIGKILL for {} s", survivors, KILL_WAIT.toSeconds());
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }
}
