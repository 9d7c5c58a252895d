package org.medledger.reportchain.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * Throughput of a full integrity audit (every chunk copy in both buckets read, sized and hashed, the ledger verified)
 * against S3Proxy, next to a baseline measured in the same run: a plain parallel GET of the same objects with the S3
 * async SDK, as many in flight as the audit reads. Not a test: run on demand,
 *
 * <pre>
 * mvn -B -pl report-chain-service -am -Pbench test -DskipTests -Dbench.main=AuditBenchmark [-Dbench.mib=256]
 * </pre>
 * Arguments: MiB of reports (stored as 8 reports of equal size), then optionally the number of rounds and any
 * {@code --property=value} for the service (e.g. {@code --medledger.audit.concurrency=8}). Each round runs the
 * baseline and the audit once; the best of each is printed, with the first round reported apart (cold JVM).
 */
public final class AuditBenchmark {

    private static final long MIB = 1024 * 1024;
    private static final int REPORTS = 8;
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private AuditBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int rounds = 3;
        List<String> serviceArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                serviceArgs.add(args[i]);
            } else {
                rounds = Integer.parseInt(args[i]);
            }
        }
        try (BenchService bench = new BenchService(serviceArgs)) {
            int concurrency = Integer.parseInt(bench.property("medledger.audit.concurrency"));
            long perReport = mib * MIB / REPORTS;
            for (int i = 0; i < REPORTS; i++) {
                store(bench, perReport, 500 + i);
            }
            List<Report> reports = bench.mongo.findAll(Report.class).collectList().block();
            List<Copy> copies = reports.stream().flatMap(r -> r.chunks().stream())
                    .flatMap(c -> c.locations().stream().map(at -> new Copy(at, c.sealedSize()))).toList();
            long bytes = reports.stream().flatMap(r -> r.chunks().stream()).mapToLong(c -> 2L * c.sealedSize()).sum();

            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "audit benchmark: %d reports, %.1f MiB of sealed chunks in each of 2 "
                            + "buckets (%d chunk copies), audit concurrency %d, service args %s, JDK %s, %d cores, "
                            + "service -Xmx%s, load average %.1f", reports.size(), bytes / 2.0 / MIB, copies.size(),
                    concurrency, serviceArgs, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    bench.serviceHeap,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            double baselineFirst = 0;
            double auditFirst = 0;
            double baselineBest = 0;
            double auditBest = 0;
            for (int round = 0; round < rounds; round++) {
                double baseline = plainRead(bench, copies, bytes, concurrency);
                double audit = audit(bench, bytes, copies.size());
                if (round == 0) {
                    baselineFirst = baseline;
                    auditFirst = audit;
                } else {
                    baselineBest = Math.max(baselineBest, baseline);
                    auditBest = Math.max(auditBest, audit);
                }
            }
            double mbPerChunk = bytes / 1e6 / copies.size();
            lines.add(row("baseline: plain parallel GET, first round", baselineFirst, mbPerChunk, 0));
            lines.add(row("full audit, first round (cold JVM)", auditFirst, mbPerChunk, baselineFirst));
            if (rounds > 1) {
                lines.add(row("baseline: plain parallel GET, best warm round", baselineBest, mbPerChunk, 0));
                lines.add(row("full audit, best warm round", auditBest, mbPerChunk, baselineBest));
            }
            lines.forEach(System.out::println);
        }
    }

    private static String row(String what, double mbPerSecond, double mbPerChunk, double baseline) {
        String figures = String.format(Locale.ROOT, "%-48s %8.1f MB/s %8.1f chunks/s", what, mbPerSecond,
                mbPerSecond / mbPerChunk);
        return baseline > 0 ? figures + String.format(Locale.ROOT, "   %5.1f%% of the baseline",
                100 * mbPerSecond / baseline) : figures;
    }

    private static void store(BenchService bench, long size, long seed) {
        String doctor = "doc-" + UUID.randomUUID();
        String appointment = "appt-" + UUID.randomUUID();
        bench.booking.appointment(appointment, doctor, "pat-" + UUID.randomUUID(), "COMPLETED");
        bench.client.post().uri(b -> b.path("/api/reports").queryParam("appointmentId", appointment).build())
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(doctor, "doctor"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=bench.bin")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(BodyInserters.fromDataBuffers(TestData.stream(seed, size)))
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofMinutes(30));
    }

    /** One chunk copy: a byte range of an object. */
    private record Copy(ChunkLocation at, int length) {
    }

    /** Ranged GETs of every chunk copy with the plain SDK client of its server, {@code concurrency} at once. */
    private static double plainRead(BenchService bench, List<Copy> copies, long bytes, int concurrency) {
        AtomicLong received = new AtomicLong();
        long start = System.nanoTime();
        Flux.fromIterable(copies)
                .flatMap(copy -> {
                    S3TestServer server = copy.at().store().equals("a") ? bench.a : bench.b;
                    String range = "bytes=" + copy.at().offset() + "-" + (copy.at().offset() + copy.length() - 1);
                    return Mono.fromFuture(() -> server.client().getObject(
                            r -> r.bucket(server.bucket()).key(copy.at().key()).range(range),
                            AsyncResponseTransformer.toBytes()));
                }, concurrency)
                .doOnNext(object -> received.addAndGet(object.asByteArrayUnsafe().length))
                .blockLast();
        long elapsed = System.nanoTime() - start;
        if (received.get() != bytes) {
            throw new IllegalStateException("plain read returned " + received.get() + " of " + bytes + " bytes");
        }
        return BenchService.rate(bytes, elapsed);
    }

    /** A full audit through the API; its own measured duration, checked to have read every copy clean. */
    private static double audit(BenchService bench, long bytes, int copies) {
        String auditor = TestTokens.bearer("auditor-bench", "auditor");
        String id = (String) bench.client.post().uri("/api/audits").header(HttpHeaders.AUTHORIZATION, auditor)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scope", "ALL"))
                .retrieve().bodyToMono(JSON).block().get("id");
        Map<String, Object> audit;
        do {
            audit = bench.client.get().uri("/api/audits/{id}", id).header(HttpHeaders.AUTHORIZATION, auditor)
                    .retrieve().bodyToMono(JSON).delayElement(Duration.ofMillis(20)).block();
        } while ("RUNNING".equals(audit.get("status")));
        if (!"COMPLETED".equals(audit.get("status")) || ((Number) audit.get("copiesChecked")).intValue() != copies
                || ((Number) audit.get("damaged")).intValue() != 0) {
            throw new IllegalStateException("audit did not check every copy clean: " + audit);
        }
        return BenchService.rate(bytes, ((Number) audit.get("durationMs")).longValue() * 1_000_000L);
    }
}
