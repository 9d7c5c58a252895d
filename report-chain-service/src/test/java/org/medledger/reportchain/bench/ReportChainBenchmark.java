package org.medledger.reportchain.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.reportchain.access.DownloadTokens;
import org.medledger.reportchain.access.TokenDownloadGate;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.chunking.CryptoWarmUp;
import org.medledger.reportchain.storage.ObjectKeys;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * Upload and download throughput of report-chain-service against S3Proxy, next to a baseline of plain S3 requests
 * with the AWS SDK on the same servers and the same bytes, in the same run. Not a test: run on demand,
 *
 * <pre>
 * mvn -B -pl report-chain-service -am -Pbench test -DskipTests                      # 256 MiB, -Xmx256m
 * mvn -B -pl report-chain-service -am -Pbench test -DskipTests -Dbench.mib=1024
 * </pre>
 * Arguments: size in MiB, then optionally the number of warm rounds, {@code --with-start-up-warm-up} (let the
 * service's crypto warm-up finish before the first round) and any {@code --property=value} for the service.
 *
 * Everything runs in this one JVM (service, client, both S3Proxy servers, MongoDB, Kafka), so the heap limit the
 * profile sets bounds the whole pipeline. The first service round runs on a cold JVM with the start-up warm-up
 * switched off ("cold"); later rounds are "warm". Baselines: the file as one object PUT to both buckets at once
 * (the "two plain PUTs"), the file as 1 MiB objects PUT to both buckets with 4 in flight (what the service
 * does, minus crypto), and one GET of the whole object. Random data, generated on the fly on both sides.
 */
public final class ReportChainBenchmark {

    private static final long MIB = 1024 * 1024;

    private ReportChainBenchmark() {
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
        int warmRounds = 2;
        boolean startUpWarmUp = false;
        List<String> serviceArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--with-start-up-warm-up")) {
                startUpWarmUp = true;
            } else if (args[i].startsWith("--")) {
                serviceArgs.add(args[i]);
            } else {
                warmRounds = Integer.parseInt(args[i]);
            }
        }
        long size = mib * MIB;
        List<String> benchArgs = new ArrayList<>(List.of("--medledger.reports.warm-up.enabled=" + startUpWarmUp));
        benchArgs.addAll(serviceArgs);
        BenchService bench = new BenchService(benchArgs);
        ConfigurableApplicationContext service = bench.context;
        S3TestServer a = bench.a;
        S3TestServer b = bench.b;
        FakeBookingService booking = bench.booking;
        if (startUpWarmUp) {
            CryptoWarmUp warmUp = service.getBean(CryptoWarmUp.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!warmUp.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        ChunkMemory memory = service.getBean(ChunkMemory.class);
        downloadTokens = service.getBean(DownloadTokens.class);
        WebClient client = bench.client;

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "report-chain benchmark: %d MiB, chunk 1 MiB, start-up warm-up %s, "
                        + "service args %s, JDK %s, %d cores, max heap %d MiB, load average %.1f", mib,
                startUpWarmUp ? "on" : "off", serviceArgs,
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / MIB,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));

        memory.resetHighWater();
        phase("service rounds");
        double coldUp = upload(client, booking, size, 1).mbPerSecond;
        Round coldRound = lastRound;
        double coldDown = download(client, coldRound, size, false);
        double warmUp = 0;
        double warmDown = 0;
        Round verified = null;
        for (int i = 0; i < warmRounds; i++) {
            phase("warm upload " + i);
            warmUp = Math.max(warmUp, upload(client, booking, size, 2 + i).mbPerSecond);
            verified = lastRound;
            phase("warm download " + i);
            warmDown = Math.max(warmDown, download(client, verified, size, false));
        }
        download(client, verified, size, true);
        double rawUp = 0;
        for (int i = 0; i < warmRounds; i++) {
            phase("warm raw upload " + i);
            rawUp = Math.max(rawUp, uploadRaw(client, booking, size, 50 + i));
        }

        phase("baselines");
        double putTwice = 0;
        double putChunked = 0;
        double putChunkedChecksum = 0;
        double get = 0;
        double getChunked = 0;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            putTwice = Math.max(putTwice, baselinePutTwice(a, b, size, 100 + i));
            keys.clear();
            putChunked = Math.max(putChunked, baselinePutChunked(a, b, size, 200 + i, false, keys));
            putChunkedChecksum = Math.max(putChunkedChecksum, baselinePutChunked(a, b, size, 300 + i, true,
                    new ArrayList<>()));
            get = Math.max(get, baselineGet(a, size));
            getChunked = Math.max(getChunked, baselineGetChunked(a, keys, size));
        }

        lines.add(row("baseline PUT: whole file to both buckets at once", putTwice, 0, 0));
        lines.add(row("baseline PUT: 1 MiB objects to both buckets, 4 in flight", putChunked, 0, 0));
        lines.add(row("baseline PUT: the same with x-amz-checksum-sha256", putChunkedChecksum, 0, 0));
        lines.add(row("baseline GET: whole file", get, 0, 0));
        lines.add(row("baseline GET: 1 MiB objects, 4 in flight", getChunked, 0, 0));
        lines.add("ratios: against the whole-file baseline / against the 1 MiB-object baseline");
        lines.add(row("service upload, first (cold JVM)", coldUp, putTwice, putChunked));
        lines.add(row("service upload, warm", warmUp, putTwice, putChunked));
        lines.add(row("service upload, warm, raw body (no multipart)", rawUp, putTwice, putChunked));
        lines.add(row("service download, first (cold JVM)", coldDown, get, getChunked));
        lines.add(row("service download, warm", warmDown, get, getChunked));
        lines.add(String.format(Locale.ROOT, "peak chunk buffers held: %.1f MiB (%d chunks of 1 MiB)",
                memory.highWaterBytes() / (double) MIB, (memory.highWaterBytes() + MIB - 1) / MIB));
        lines.add("download verified bit-identical (SHA-256) after the warm rounds: yes");
        lines.forEach(System.out::println);

        bench.close();
    }

    /** Marks a phase on stderr, to line profiles up with the rounds. */
    private static void phase(String name) {
        System.err.println("bench phase: " + name + " at " + java.time.LocalTime.now());
    }

    private static String row(String what, double mbPerSecond, double baseline, double chunkedBaseline) {
        return baseline > 0
                ? String.format(Locale.ROOT, "%-58s %8.1f MB/s   %4.0f%% / %4.0f%%", what, mbPerSecond,
                        100 * mbPerSecond / baseline, 100 * mbPerSecond / chunkedBaseline)
                : String.format(Locale.ROOT, "%-58s %8.1f MB/s", what, mbPerSecond);
    }

    private record Round(String reportId, String patient, long seed, double mbPerSecond) {
    }

    private static Round lastRound;
    /** Downloads pass the one-time-code gate with a token minted directly (the code by e-mail is not benchmarked). */
    private static DownloadTokens downloadTokens;

    private static Round upload(WebClient client, FakeBookingService booking, long size, long seed) {
        String doctor = "doc-" + UUID.randomUUID();
        String patient = "pat-" + UUID.randomUUID();
        String appointment = "appt-" + UUID.randomUUID();
        booking.appointment(appointment, doctor, patient, "COMPLETED");
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("appointmentId", appointment);
        body.asyncPart("file", TestData.stream(seed, size), DataBuffer.class).filename("bench.bin")
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        long start = System.nanoTime();
        Map<String, Object> stored = client.post().uri("/api/reports")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(doctor, "doctor"))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build()))
                .retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .block(Duration.ofMinutes(30));
        double rate = rate(size, System.nanoTime() - start);
        lastRound = new Round((String) stored.get("id"), patient, seed, rate);
        return lastRound;
    }

    private static double uploadRaw(WebClient client, FakeBookingService booking, long size, long seed) {
        String doctor = "doc-" + UUID.randomUUID();
        String appointment = "appt-" + UUID.randomUUID();
        booking.appointment(appointment, doctor, "pat-" + UUID.randomUUID(), "COMPLETED");
        long start = System.nanoTime();
        client.post().uri(b -> b.path("/api/reports").queryParam("appointmentId", appointment).build())
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(doctor, "doctor"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=bench.bin")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(BodyInserters.fromDataBuffers(TestData.stream(seed, size)))
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofMinutes(30));
        return rate(size, System.nanoTime() - start);
    }

    private static double download(WebClient client, Round round, long size, boolean verify) {
        MessageDigest digest = Sha256.newDigest();
        AtomicLong received = new AtomicLong();
        long start = System.nanoTime();
        client.get().uri("/api/reports/{id}/content", round.reportId())
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(round.patient(), "patient"))
                .header(TokenDownloadGate.HEADER, downloadTokens.mint(round.patient(), round.reportId()).block().token())
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                .doOnNext(buffer -> {
                    received.addAndGet(buffer.readableByteCount());
                    if (verify) {
                        try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                            it.forEachRemaining(digest::update);
                        }
                    }
                    DataBufferUtils.release(buffer);
                })
                .blockLast(Duration.ofMinutes(30));
        long elapsed = System.nanoTime() - start;
        if (received.get() != size) {
            throw new IllegalStateException("downloaded " + received.get() + " of " + size + " bytes");
        }
        if (verify && !MessageDigest.isEqual(digest.digest(), TestData.sha256(round.seed(), size))) {
            throw new IllegalStateException("download differs from the upload");
        }
        return rate(size, elapsed);
    }

    private static Flux<ByteBuffer> byteBuffers(long seed, long size) {
        return TestData.stream(seed, size).map(buffer -> {
            ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
            buffer.toByteBuffer(copy);
            return copy;
        });
    }

    private static double baselinePutTwice(S3TestServer a, S3TestServer b, long size, long seed) {
        long start = System.nanoTime();
        Mono.when(put(a, "bench/whole", seed, size), put(b, "bench/whole", seed, size)).block();
        return rate(size, System.nanoTime() - start);
    }

    private static Mono<Void> put(S3TestServer server, String key, long seed, long size) {
        return Mono.fromFuture(() -> server.client().putObject(r -> r.bucket(server.bucket()).key(key)
                        .contentLength(size), AsyncRequestBody.fromPublisher(byteBuffers(seed, size))))
                .then();
    }

    private static double baselinePutChunked(S3TestServer a, S3TestServer b, long size, long seed,
            boolean checksum, List<String> keys) {
        long chunks = (size + MIB - 1) / MIB;
        long start = System.nanoTime();
        Flux.range(0, (int) chunks)
                .map(i -> TestData.bytes(seed * 100_000 + i, (int) Math.min(MIB, size - i * MIB)))
                .flatMapSequential(bytes -> {
                    String key = ObjectKeys.random();
                    keys.add(key);
                    String sha256 = checksum ? Base64.getEncoder().encodeToString(Sha256.digest(bytes)) : null;
                    return Mono.when(putBytes(a, key, bytes, sha256), putBytes(b, key, bytes, sha256));
                }, 4, 1)
                .blockLast();
        return rate(size, System.nanoTime() - start);
    }

    private static Mono<Void> putBytes(S3TestServer server, String key, byte[] bytes, String sha256) {
        S3AsyncClient s3 = server.client();
        return Mono.fromFuture(() -> s3.putObject(r -> {
            r.bucket(server.bucket()).key(key);
            if (sha256 != null) {
                r.checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(sha256);
            }
        }, AsyncRequestBody.fromBytesUnsafe(bytes))).then();
    }

    private static double baselineGetChunked(S3TestServer a, List<String> keys, long size) {
        AtomicLong received = new AtomicLong();
        long start = System.nanoTime();
        Flux.fromIterable(List.copyOf(keys))
                .flatMapSequential(key -> Mono.fromFuture(() -> a.client().getObject(
                        r -> r.bucket(a.bucket()).key(key), AsyncResponseTransformer.toBytes())), 4, 1)
                .doOnNext(bytes -> received.addAndGet(bytes.asByteArrayUnsafe().length))
                .blockLast();
        if (received.get() != size) {
            throw new IllegalStateException("chunked GET returned " + received.get() + " bytes");
        }
        return rate(size, System.nanoTime() - start);
    }

    private static double baselineGet(S3TestServer a, long size) {
        AtomicLong received = new AtomicLong();
        long start = System.nanoTime();
        Mono.fromFuture(() -> a.client().getObject(r -> r.bucket(a.bucket()).key("bench/whole"),
                        AsyncResponseTransformer.toPublisher()))
                .flatMapMany(Flux::from)
                .doOnNext(buffer -> received.addAndGet(buffer.remaining()))
                .blockLast();
        if (received.get() != size) {
            throw new IllegalStateException("GET returned " + received.get() + " bytes");
        }
        return rate(size, System.nanoTime() - start);
    }

    private static double rate(long bytes, long nanos) {
        return BenchService.rate(bytes, nanos);
    }
}
