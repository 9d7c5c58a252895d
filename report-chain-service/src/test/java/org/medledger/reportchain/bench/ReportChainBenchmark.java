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
import java.util.zip.CRC32C;
import org.medledger.reportchain.access.TokenDownloadGate;
import org.medledger.reportchain.chain.HashChain;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.chunking.CryptoWarmUp;
import org.medledger.reportchain.chunking.PlainChunk;
import org.medledger.reportchain.chunking.ReportSealer;
import org.medledger.reportchain.chunking.SealedChunk;
import org.medledger.reportchain.crypto.ChunkFormat;
import org.medledger.reportchain.crypto.ChunkOpener;
import org.medledger.reportchain.crypto.DataKey;
import org.medledger.reportchain.storage.ObjectKeys;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
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
 * mvn -B -pl report-chain-service -am -Pbench test -DskipTests                  # 256 MiB, service -Xmx256m
 * mvn -B -pl report-chain-service -am -Pbench test -DskipTests -Dbench.mib=1024
 * </pre>
 * Arguments: size in MiB, then optionally the number of measured rounds (3), {@code --with-start-up-warm-up} (let
 * the service's crypto warm-up finish before the first round) and any {@code --property=value} for the service.
 *
 * The service runs in a JVM of its own with the heap limit ({@link BenchService}); the client, both S3Proxy
 * servers, MongoDB and Kafka run in this one. Every figure shares the same cores, and the CPU time counts both
 * processes. The first service round runs on a cold JVM with the start-up warm-up switched off ("cold"); after an
 * untimed warm-up, the measured rounds run the baselines and the service in turn and keep the best of each ("warm").
 * Baselines: the file as one object PUT to both buckets at once (the "two plain PUTs") and one GET of the
 * whole object; and the service's request pattern without the service: the file as objects of the service's size
 * ({@code chunks-per-object} sealed chunks) PUT to both buckets with a CRC32C, two objects at a time, and GET two at
 * a time. And a relay in the service's JVM ({@link BenchRelay}) that streams the file on to both buckets and back
 * with nothing done to it: the cheapest second hop, so the most the service can reach here. Random data, generated
 * on the fly on both sides. Last, {@code bench.crowd} (24) downloads start at once:
 * those past the service's transfer budget must be refused with 503, and the service must survive them.
 */
public final class ReportChainBenchmark {

    private static final long MIB = 1024 * 1024;
    private static final int WARM_UP_ROUNDS = 4;
    private static final String RELAY_KEY = "bench-relay";

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
        int rounds = 3;
        boolean startUpWarmUp = false;
        List<String> serviceArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--with-start-up-warm-up")) {
                startUpWarmUp = true;
            } else if (args[i].startsWith("--")) {
                serviceArgs.add(args[i]);
            } else {
                rounds = Integer.parseInt(args[i]);
            }
        }
        long size = mib * MIB;
        List<String> benchArgs = new ArrayList<>(List.of("--medledger.reports.warm-up.enabled=" + startUpWarmUp));
        benchArgs.addAll(serviceArgs);
        BenchService bench = new BenchService(benchArgs);
        service = bench;
        S3TestServer a = bench.a;
        S3TestServer b = bench.b;
        FakeBookingService booking = bench.booking;
        if (startUpWarmUp) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!bench.cryptoWarmedUp() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        WebClient client = bench.client;
        long chunkSize = bench.chunkSize();
        int chunksPerObject = Integer.parseInt(bench.property("medledger.reports.chunks-per-object"));
        long objectSize = chunksPerObject * (chunkSize + ChunkFormat.TAG_LENGTH);

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "report-chain benchmark: %d MiB, service chunk %s, start-up warm-up %s, "
                        + "service args %s, service -Xmx%s, JDK %s, %d cores, bench JVM (client, S3, MongoDB, Kafka) "
                        + "max heap %d MiB, load average %.1f", mib, sizeName(chunkSize),
                startUpWarmUp ? "on" : "off", serviceArgs, bench.serviceHeap,
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / MIB,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));

        bench.resetPeakChunkBytes();
        phase("first service round (cold JVM)");
        Measured coldUp = measure(size, () -> upload(client, booking, size, 1));
        Round coldRound = lastRound;
        Measured coldDown = measure(size, () -> download(client, coldRound, size, false));

        // Untimed: lets the JIT finish compiling the service's, the S3 client's and S3Proxy's paths (it is still
        // compiling after two 256 MiB rounds), so the rounds below compare steady states.
        phase("warm-up");
        long warmUpSize = Math.min(size, 64 * MIB);
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            upload(client, booking, warmUpSize, 10 + i);
            download(client, lastRound, warmUpSize, false);
            uploadRaw(client, booking, warmUpSize, 20 + i);
            baselinePutTwice(a, b, warmUpSize, 30 + i);
            List<String> keys = new ArrayList<>();
            baselinePutObjects(a, b, warmUpSize, objectSize, 40 + i, keys);
            baselineGet(a, warmUpSize);
            baselineGetObjects(a, keys, warmUpSize);
            relayUpload(client, warmUpSize, 50 + i);
            relayDownload(client, warmUpSize);
        }

        // Interleaved, best of each over the rounds: page-cache write-back, garbage collection and other load
        // drift over a run and would otherwise favour whichever side ran later.
        Measured putTwice = Measured.NONE;
        Measured putObjects = Measured.NONE;
        Measured get = Measured.NONE;
        Measured getObjects = Measured.NONE;
        Measured warmUpload = Measured.NONE;
        Measured rawUp = Measured.NONE;
        Measured warmDownload = Measured.NONE;
        Measured relayUp = Measured.NONE;
        Measured relayDown = Measured.NONE;
        Round verified = null;
        for (int i = 0; i < rounds; i++) {
            long seed = 100 + 10L * i;
            List<String> keys = new ArrayList<>();
            phase("round " + i + ": baseline PUTs");
            putTwice = putTwice.best(measure(size, () -> baselinePutTwice(a, b, size, seed)));
            putObjects = putObjects.best(measure(size,
                    () -> baselinePutObjects(a, b, size, objectSize, seed + 1, keys)));
            phase("round " + i + ": service upload");
            warmUpload = warmUpload.best(measure(size, () -> upload(client, booking, size, seed + 3)));
            verified = lastRound;
            phase("round " + i + ": service raw upload");
            rawUp = rawUp.best(measure(size, () -> uploadRaw(client, booking, size, seed + 4)));
            phase("round " + i + ": relay upload");
            relayUp = relayUp.best(measure(size, () -> relayUpload(client, size, seed + 5)));
            phase("round " + i + ": baseline GETs");
            get = get.best(measure(size, () -> baselineGet(a, size)));
            getObjects = getObjects.best(measure(size, () -> baselineGetObjects(a, keys, size)));
            phase("round " + i + ": service download");
            Round round = verified;
            warmDownload = warmDownload.best(measure(size, () -> download(client, round, size, false)));
            phase("round " + i + ": relay download");
            relayDown = relayDown.best(measure(size, () -> relayDownload(client, size)));
        }
        download(client, verified, size, true);
        Crypto crypto = inProcessCrypto(size);
        long peak = bench.peakChunkBytes();
        phase("downloads at once");
        int crowdSize = Integer.getInteger("bench.crowd", 24);
        long transferBudget = bench.transferBudget();
        Crowd crowd = downloadsAtOnce(client, verified, size, crowdSize);

        lines.add("MB/s, the cores both JVMs kept busy meanwhile (2 = all of this machine's: CPU-bound) and of those"
                + " the service's JVM (the baselines' share is its idle load), and CPU time per MB of the file"
                + " (client, service and S3 servers together)");
        String objects = chunksPerObject + "-chunk objects";
        lines.add(row("baseline PUT: whole file to both buckets at once", putTwice, null, null));
        lines.add(row("baseline PUT: " + objects + " to both buckets, 2 at once", putObjects, null, null));
        lines.add(row("baseline GET: whole file", get, null, null));
        lines.add(row("baseline GET: " + objects + ", 2 at once", getObjects, null, null));
        lines.add("ratios: against the whole-file baseline / against the " + objects + " baseline");
        lines.add(row("relay in the service's JVM: PUT as it streams in", relayUp, putTwice, putObjects));
        lines.add(row("relay in the service's JVM: GET as it streams out", relayDown, get, getObjects));
        lines.add(row("service upload, first (cold JVM)", coldUp, putTwice, putObjects));
        lines.add(row("service upload, warm", warmUpload, putTwice, putObjects));
        lines.add(row("service upload, warm, raw body (no multipart)", rawUp, putTwice, putObjects));
        lines.add(row("service download, first (cold JVM)", coldDown, get, getObjects));
        lines.add(row("service download, warm", warmDownload, get, getObjects));
        lines.add(String.format(Locale.ROOT, "service against the relay (the most a second hop allows here): "
                + "upload %.0f%%, raw body %.0f%%, download %.0f%%", 100 * warmUpload.mbPerSecond()
                / relayUp.mbPerSecond(), 100 * rawUp.mbPerSecond() / relayUp.mbPerSecond(),
                100 * warmDownload.mbPerSecond() / relayDown.mbPerSecond()));
        lines.add(String.format(Locale.ROOT,
                "in-process crypto, one core: seal and hash %.0f MB/s, verify and open %.0f MB/s",
                crypto.sealMbPerSecond(), crypto.openMbPerSecond()));
        lines.add(String.format(Locale.ROOT,
                "service JVM's CPU beyond the relay's: upload %+.2f ms/MB (crypto alone %.2f), download %+.2f ms/MB"
                        + " (crypto alone %.2f)", warmUpload.serviceCpuPerMb() - relayUp.serviceCpuPerMb(),
                1000 / crypto.sealMbPerSecond(), warmDownload.serviceCpuPerMb() - relayDown.serviceCpuPerMb(),
                1000 / crypto.openMbPerSecond()));
        lines.add(String.format(Locale.ROOT, "peak chunk buffers held by the service: %.1f MiB (%d chunks of %s)",
                peak / (double) MIB, (peak + chunkSize - 1) / chunkSize, sizeName(chunkSize)));
        lines.add("download verified bit-identical (SHA-256) after the warm rounds: yes");
        lines.add(String.format(Locale.ROOT, "%d downloads of the file at once, transfer budget %s: %d served whole "
                        + "and verified (SHA-256), %d refused with 503 transfer-capacity, %d other answers, %d broken "
                        + "off; %.1f MB/s together; service still running: %s", crowdSize, sizeName(transferBudget),
                crowd.served(), crowd.refused(), crowd.other(), crowd.broken(), crowd.mbPerSecond(),
                bench.alive() ? "yes" : "NO"));
        lines.forEach(System.out::println);

        bench.close();
    }

    /** "1 MiB", "256 KiB", "5000 B". */
    private static String sizeName(long bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    /** Marks a phase on stderr, to line profiles up with the rounds. */
    private static void phase(String name) {
        System.err.println("bench phase: " + name + " at " + java.time.LocalTime.now());
    }

    private static String row(String what, Measured measured, Measured baseline, Measured objectBaseline) {
        String figures = String.format(Locale.ROOT, "%-58s %8.1f MB/s  %4.2f cores (service %4.2f)  %5.2f ms CPU/MB",
                what, measured.mbPerSecond(), measured.cores(), measured.serviceCores(), measured.cpuPerMb());
        return baseline == null ? figures : figures + String.format(Locale.ROOT, "   %4.0f%% / %4.0f%%",
                100 * measured.mbPerSecond() / baseline.mbPerSecond(),
                100 * measured.mbPerSecond() / objectBaseline.mbPerSecond());
    }

    /**
     * The crypto alone, in this thread, on the same bytes: sealing and hashing as an upload does them (AES-256-GCM,
     * SHA-256 of the sealed and of the plain chunk, chain and Merkle tree), then verifying and opening as a download
     * does (SHA-256, chain link, AES-256-GCM). What the service's path costs beyond moving bytes.
     */
    private static Crypto inProcessCrypto(long size) {
        UUID reportId = UUID.randomUUID();
        DataKey key = DataKey.generate();
        ChunkMemory memory = new ChunkMemory();
        ReportSealer sealer = new ReportSealer(reportId, key, memory);
        ChunkOpener opener = ChunkOpener.forReport(key, reportId);
        int chunk = (int) MIB;
        long chunks = (size + MIB - 1) / MIB;
        byte[] plain = TestData.bytes(7, chunk);
        List<SealedChunk> sealed = new ArrayList<>();
        // The service warms its crypto up in its own JVM; this one needs the same warm-up, or a few hundred chunks
        // still run before the JIT compiles the AES-GCM and SHA-256 intrinsics (measured: 170 MB/s instead of 780)
        new CryptoWarmUp(20_000, 16 * 1024).runNow();
        long sealNanos = Long.MAX_VALUE;
        long openNanos = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // best of three
            sealed.clear();
            long start = System.nanoTime();
            for (long i = 0; i < chunks; i++) {
                byte[] buffer = memory.allocate(chunk);
                System.arraycopy(plain, 0, buffer, 0, chunk);
                SealedChunk one = sealer.seal(new PlainChunk(round * chunks + i, buffer, chunk, false));
                if (i % 16 == 0) {
                    sealed.add(one); // a sample to open below; keeping all would not fit a 256 MiB heap
                }
            }
            sealNanos = Math.min(sealNanos, System.nanoTime() - start);
            start = System.nanoTime();
            for (long i = 0; i < chunks; i++) {
                SealedChunk one = sealed.get((int) (i % sealed.size()));
                byte[] hash = Sha256.digest(one.sealed());
                HashChain.link(one.link(), hash, one.index());
                opener.open(one.index(), false, one.sealed());
            }
            openNanos = Math.min(openNanos, System.nanoTime() - start);
        }
        key.destroy();
        return new Crypto(BenchService.rate(size, sealNanos), BenchService.rate(size, openNanos));
    }

    private record Crypto(double sealMbPerSecond, double openMbPerSecond) {
    }

    /**
     * Throughput of one measured run, the cores both JVMs kept busy during it (their CPU time / wall time), and of
     * those the service's process.
     */
    private record Measured(double mbPerSecond, double cores, double serviceCores) {

        static final Measured NONE = new Measured(0, 0, 0);

        /** Milliseconds of CPU per MB moved. */
        double cpuPerMb() {
            return 1000 * cores / mbPerSecond;
        }

        /** Milliseconds of the service's CPU per MB moved. */
        double serviceCpuPerMb() {
            return 1000 * serviceCores / mbPerSecond;
        }

        Measured best(Measured other) {
            return other.mbPerSecond > mbPerSecond ? other : this;
        }
    }

    private static Measured measure(long size, Runnable run) {
        long benchBefore = BenchService.benchCpuNanos();
        long serviceBefore = service.serviceCpuNanos();
        long start = System.nanoTime();
        run.run();
        long elapsed = System.nanoTime() - start;
        long serviceCpu = service.serviceCpuNanos() - serviceBefore;
        long benchCpu = BenchService.benchCpuNanos() - benchBefore;
        return new Measured(BenchService.rate(size, elapsed), (serviceCpu + benchCpu) / (double) elapsed,
                serviceCpu / (double) elapsed);
    }

    private record Round(String reportId, String patient, long seed) {
    }

    private static Round lastRound;
    /**
     * The service under test: both processes' CPU time, and download tokens minted by the service directly (the
     * one-time code by e-mail is not benchmarked).
     */
    private static BenchService service;

    private static Round upload(WebClient client, FakeBookingService booking, long size, long seed) {
        String doctor = "doc-" + UUID.randomUUID();
        String patient = "pat-" + UUID.randomUUID();
        String appointment = "appt-" + UUID.randomUUID();
        booking.appointment(appointment, doctor, patient, "COMPLETED");
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("appointmentId", appointment);
        body.asyncPart("file", TestData.stream(seed, size), DataBuffer.class).filename("bench.bin")
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        Map<String, Object> stored = client.post().uri("/api/reports")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(doctor, "doctor"))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build()))
                .retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .block(Duration.ofMinutes(30));
        lastRound = new Round((String) stored.get("id"), patient, seed);
        return lastRound;
    }

    private static void uploadRaw(WebClient client, FakeBookingService booking, long size, long seed) {
        String doctor = "doc-" + UUID.randomUUID();
        String appointment = "appt-" + UUID.randomUUID();
        booking.appointment(appointment, doctor, "pat-" + UUID.randomUUID(), "COMPLETED");
        client.post().uri(b -> b.path("/api/reports").queryParam("appointmentId", appointment).build())
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(doctor, "doctor"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=bench.bin")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(BodyInserters.fromDataBuffers(TestData.stream(seed, size)))
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofMinutes(30));
    }

    /** The file through {@link BenchRelay}: streamed on as one object to both buckets, nothing done to it. */
    private static void relayUpload(WebClient client, long size, long seed) {
        client.put().uri("/bench/relay/{key}", RELAY_KEY)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("bench", "doctor"))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(size)
                .body(BodyInserters.fromDataBuffers(TestData.stream(seed, size)))
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofMinutes(30));
    }

    /** The relayed file back through {@link BenchRelay}, from bucket a as it streams out. */
    private static void relayDownload(WebClient client, long size) {
        long received = drain(client.get().uri("/bench/relay/{key}", RELAY_KEY)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("bench", "doctor"))
                .retrieve()
                .bodyToFlux(DataBuffer.class), null)
                .block(Duration.ofMinutes(30));
        if (received != size) {
            throw new IllegalStateException("relay returned " + received + " of " + size + " bytes");
        }
    }

    private static void download(WebClient client, Round round, long size, boolean verify) {
        MessageDigest digest = verify ? Sha256.newDigest() : null;
        long received = drain(client.get().uri("/api/reports/{id}/content", round.reportId())
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(round.patient(), "patient"))
                .header(TokenDownloadGate.HEADER, service.downloadToken(round.patient(), round.reportId()))
                .retrieve()
                .bodyToFlux(DataBuffer.class), digest)
                .block(Duration.ofMinutes(30));
        if (received != size) {
            throw new IllegalStateException("downloaded " + received + " of " + size + " bytes");
        }
        if (verify && !MessageDigest.isEqual(digest.digest(), TestData.sha256(round.seed(), size))) {
            throw new IllegalStateException("download differs from the upload");
        }
    }

    /** Reads a downloaded body to its end, releasing each buffer: its length, and its bytes fed to {@code digest}. */
    private static Mono<Long> drain(Flux<DataBuffer> body, MessageDigest digest) {
        return body.reduce(0L, (received, buffer) -> {
            if (digest != null) {
                try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                    it.forEachRemaining(digest::update);
                }
            }
            long length = buffer.readableByteCount();
            DataBufferUtils.release(buffer);
            return received + length;
        });
    }

    private record Crowd(int served, int refused, int other, int broken, double mbPerSecond) {
    }

    /**
     * {@code count} downloads of {@code round}'s file started at once, each with its own token: past the service's
     * transfer budget they must be refused with 503, never take the service down; each one served must be whole.
     */
    private static Crowd downloadsAtOnce(WebClient client, Round round, long size, int count) {
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong broken = new AtomicLong();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(service.downloadToken(round.patient(), round.reportId()));
        }
        byte[] expected = TestData.sha256(round.seed(), size);
        long start = System.nanoTime();
        Flux.fromIterable(tokens).flatMap(token -> client.get().uri("/api/reports/{id}/content", round.reportId())
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(round.patient(), "patient"))
                .header(TokenDownloadGate.HEADER, token)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == 503) {
                        refused.incrementAndGet();
                        return response.releaseBody();
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        other.incrementAndGet();
                        return response.releaseBody();
                    }
                    MessageDigest digest = Sha256.newDigest();
                    return drain(response.bodyToFlux(DataBuffer.class), digest).doOnNext(received -> {
                        if (received != size || !MessageDigest.isEqual(digest.digest(), expected)) {
                            throw new IllegalStateException("a download at once differs from the upload");
                        }
                        served.incrementAndGet();
                    }).then();
                }).onErrorResume(e -> {
                    broken.incrementAndGet(); // e.g. the connection closed: the service ran out of memory
                    return Mono.empty();
                }), count)
                .blockLast(Duration.ofMinutes(30));
        long elapsed = System.nanoTime() - start;
        return new Crowd((int) served.get(), (int) refused.get(), (int) other.get(), (int) broken.get(),
                BenchService.rate(served.get() * size, elapsed));
    }

    private static Flux<ByteBuffer> byteBuffers(long seed, long size) {
        return TestData.stream(seed, size).map(buffer -> {
            ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
            buffer.toByteBuffer(copy);
            return copy;
        });
    }

    private static void baselinePutTwice(S3TestServer a, S3TestServer b, long size, long seed) {
        Mono.when(put(a, "bench/whole", seed, size), put(b, "bench/whole", seed, size)).block();
    }

    private static Mono<Void> put(S3TestServer server, String key, long seed, long size) {
        return Mono.fromFuture(() -> server.client().putObject(r -> r.bucket(server.bucket()).key(key)
                        .contentLength(size), AsyncRequestBody.fromPublisher(byteBuffers(seed, size))))
                .then();
    }

    /** The file as objects of {@code objectSize}, each PUT to both buckets with its CRC32C, two objects at a time. */
    private static void baselinePutObjects(S3TestServer a, S3TestServer b, long size, long objectSize, long seed,
            List<String> keys) {
        long count = (size + objectSize - 1) / objectSize;
        Flux.range(0, (int) count)
                .map(i -> TestData.bytes(seed * 100_000 + i, (int) Math.min(objectSize, size - i * objectSize)))
                .flatMapSequential(bytes -> {
                    String key = ObjectKeys.random();
                    keys.add(key);
                    CRC32C crc = new CRC32C();
                    crc.update(bytes);
                    String crc32c = Base64.getEncoder().encodeToString(
                            ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
                    return Mono.when(putBytes(a, key, bytes, crc32c), putBytes(b, key, bytes, crc32c));
                }, 2, 1)
                .blockLast();
    }

    private static Mono<Void> putBytes(S3TestServer server, String key, byte[] bytes, String crc32c) {
        S3AsyncClient s3 = server.client();
        return Mono.fromFuture(() -> s3.putObject(r -> r.bucket(server.bucket()).key(key)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumCRC32C(crc32c),
                AsyncRequestBody.fromBytesUnsafe(bytes))).then();
    }

    /** The objects, streamed, two at a time. */
    private static void baselineGetObjects(S3TestServer a, List<String> keys, long size) {
        AtomicLong received = new AtomicLong();
        Flux.fromIterable(List.copyOf(keys))
                .flatMapSequential(key -> Mono.fromFuture(() -> a.client().getObject(
                        r -> r.bucket(a.bucket()).key(key), AsyncResponseTransformer.toPublisher()))
                        .flatMapMany(Flux::from), 2, 1)
                .doOnNext(buffer -> received.addAndGet(buffer.remaining()))
                .blockLast();
        if (received.get() != size) {
            throw new IllegalStateException("object GETs returned " + received.get() + " bytes");
        }
    }

    private static void baselineGet(S3TestServer a, long size) {
        AtomicLong received = new AtomicLong();
        Mono.fromFuture(() -> a.client().getObject(r -> r.bucket(a.bucket()).key("bench/whole"),
                        AsyncResponseTransformer.toPublisher()))
                .flatMapMany(Flux::from)
                .doOnNext(buffer -> received.addAndGet(buffer.remaining()))
                .blockLast();
        if (received.get() != size) {
            throw new IllegalStateException("GET returned " + received.get() + " bytes");
        }
    }

}
