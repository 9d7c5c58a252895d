package org.medledger.reportchain.report;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.medledger.reportchain.chain.ChainLinkMismatchException;
import org.medledger.reportchain.chain.HashChain;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.crypto.ChunkOpener;
import org.medledger.reportchain.crypto.DataKey;
import org.medledger.reportchain.crypto.KeyProvider;
import org.medledger.reportchain.crypto.KeyProviderException;
import org.medledger.reportchain.crypto.KeyUnwrapException;
import org.medledger.reportchain.storage.ChunkRead;
import org.medledger.reportchain.storage.ChunkUnavailableException;
import org.medledger.reportchain.storage.CopyFailure;
import org.medledger.reportchain.storage.CopyVerifier;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.reportchain.storage.VerifiedRead;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams a report's plaintext, verified chunk by chunk: the function behind {@code GET /api/reports/{id}/content},
 * kept apart from any authorization so the download gate (one-time codes, grants) can sit in front of it.
 *
 * <p>Before the first byte: the manifest must add up ({@link ManifestCheck}: sizes, the whole hash chain, the
 * Merkle root) and the data key must unwrap for this report id. Then the chunks are fetched through the placement
 * policy (the first alone, the rest streamed with {@code read-ahead} chunks verified ahead, delivered in order), and
 * a copy is accepted only if
 * <ol>
 *   <li>its length is the manifest's sealed size,</li>
 *   <li>its SHA-256 equals the manifest's chunk hash,</li>
 *   <li>that hash extends the chain to the manifest's link for this index, and</li>
 *   <li>its AES-GCM tag verifies for this report, this index and this final flag (decided by the manifest's chunk
 *       count, so truncation shows).</li>
 * </ol>
 * A copy that fails any check (or is missing, or unreadable) is recorded as a finding and the other bucket's copy
 * is read instead. If no copy passes, the findings are recorded, the failure is logged, and the stream errors
 * with {@link ReportDamagedException} before emitting any byte of that chunk: the caller aborts the response.
 */
public class ReportContents {

    private static final Logger log = LoggerFactory.getLogger(ReportContents.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final NettyDataBufferFactory NETTY_BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    private final KeyProvider keyProvider;
    private final PlacementPolicy placement;
    private final IntegrityFindings findings;
    private final ReportProperties properties;

    public ReportContents(KeyProvider keyProvider, PlacementPolicy placement, IntegrityFindings findings,
            ReportProperties properties) {
        this.keyProvider = keyProvider;
        this.placement = placement;
        this.findings = findings;
        this.properties = properties;
    }

    /**
     * Prepares the verified stream of {@code report}: checks the manifest, unwraps the key and verifies the first
     * chunk.
     *
     * @return errors: {@link ReportDamagedException} (502 {@code report-damaged}) if the manifest, the key or the
     *     first chunk fails verification; 503 {@code storage-unavailable} / {@code key-provider-unavailable} if a
     *     dependency is down
     */
    public Mono<VerifiedContent> open(Report report) {
        return Mono.defer(() -> {
            try {
                ManifestCheck.verify(report, placement.name());
            } catch (ManifestCheck.ManifestInconsistentException e) {
                log.error("Manifest of report {} is inconsistent: {}", report.id(), e.getMessage());
                return findings.manifest(report.id(), e.getMessage(), IntegrityFindings.DOWNLOAD)
                        .then(Mono.error(new ReportDamagedException(report.id(), -1)));
            }
            return unwrap(report).flatMap(dataKey -> {
                ChunkOpener opener = ChunkOpener.forReport(dataKey, report.reportId(), report.chunkSize());
                List<ChunkRead<Plaintext>> chunks = report.chunks().stream()
                        .map(chunk -> new ChunkRead<>(chunk.index(), chunk.locations(), chunk.sealedSize(),
                                verifier(report, opener, chunk)))
                        .toList();
                return settle(report, placement.read(chunks.getFirst()).flux())
                        .single()
                        .map(first -> {
                            Flux<Plaintext> rest = settle(report,
                                    placement.readAll(chunks.subList(1, chunks.size()), properties.readAhead()));
                            Flux<DataBuffer> body = Flux.concat(Mono.just(first), rest)
                                    .map(Plaintext::buffer)
                                    .doFinally(signal -> dataKey.destroy());
                            return new VerifiedContent(report, body);
                        })
                        .doOnError(e -> dataKey.destroy());
            });
        });
    }

    private Mono<DataKey> unwrap(Report report) {
        return Mono.fromCallable(() -> keyProvider.unwrap(report.key().toWrappedKey(), report.reportId()))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    if (e instanceof KeyUnwrapException || e instanceof IllegalArgumentException) {
                        log.error("Data key of report {} does not unwrap: {}", report.id(), e.getMessage());
                        return findings.manifest(report.id(), "wrapped data key does not unwrap for this report",
                                        IntegrityFindings.DOWNLOAD)
                                .then(Mono.error(new ReportDamagedException(report.id(), -1)));
                    }
                    if (e instanceof KeyProviderException) {
                        log.warn("Key provider unavailable for report {}: {}", report.id(),
                                e.getClass().getSimpleName());
                        return Mono.error(new ServiceUnavailableException("key-provider-unavailable",
                                "The report's key cannot be unwrapped right now. Try again later."));
                    }
                    return Mono.error(e);
                });
    }

    /**
     * A chunk's plaintext: the first {@code length} bytes of the array it was read and opened in. Handed to the
     * server as a Netty buffer, which Reactor Netty writes as it is; Spring would copy any other kind of
     * {@link DataBuffer} into a new array first.
     */
    private record Plaintext(byte[] array, int length) {

        DataBuffer buffer() {
            return NETTY_BUFFERS.wrap(Unpooled.wrappedBuffer(array, 0, length));
        }
    }

    /** Records the findings of each chunk read, and turns a chunk with no good copy into the download's error. */
    private Flux<Plaintext> settle(Report report, Flux<VerifiedRead<Plaintext>> reads) {
        return reads
                .concatMap(read -> read.failures().isEmpty() ? Mono.just(read.value())
                        : findings.chunkCopies(report.id(), read.index(), read.failures(), IntegrityFindings.DOWNLOAD)
                                .thenReturn(read.value()))
                .onErrorResume(ChunkUnavailableException.class, e -> {
                    log.error("Report {} chunk {}: {}", report.id(), e.index(), e.getMessage());
                    Mono<Void> recorded = findings.chunkCopies(report.id(), e.index(), e.failures(),
                            IntegrityFindings.DOWNLOAD);
                    if (e.failures().stream().allMatch(f -> f.kind() == CopyFailure.Kind.UNREADABLE)) {
                        return recorded.then(Mono.error(new ServiceUnavailableException("storage-unavailable",
                                "The report's storage cannot be read right now. Try again later.")));
                    }
                    return recorded.then(Mono.error(new ReportDamagedException(report.id(), e.index())));
                });
    }

    private static CopyVerifier<Plaintext> verifier(Report report, ChunkOpener opener, ReportChunk chunk) {
        int index = chunk.index();
        boolean isFinal = index == report.chunkCount() - 1;
        byte[] expectedHash = HEX.parseHex(chunk.hash());
        byte[] expectedLink = HEX.parseHex(chunk.link());
        byte[] previousLink = ManifestCheck.previousLink(report, index);
        return sealed -> {
            if (sealed.length != chunk.sealedSize()) {
                throw new IllegalStateException("length " + sealed.length + ", manifest says " + chunk.sealedSize());
            }
            byte[] hash = Sha256.digest(sealed);
            if (!MessageDigest.isEqual(hash, expectedHash)) {
                throw new IllegalStateException("SHA-256 " + HEX.formatHex(hash) + ", manifest says " + chunk.hash());
            }
            byte[] link = HashChain.link(previousLink, hash, index);
            if (!MessageDigest.isEqual(link, expectedLink)) {
                throw new ChainLinkMismatchException(index, expectedLink, link);
            }
            int length = opener.openInPlace(index, isFinal, sealed);
            if (length != chunk.size()) {
                Arrays.fill(sealed, (byte) 0);
                throw new IllegalStateException("opened to " + length + " bytes, manifest says " + chunk.size());
            }
            return new Plaintext(sealed, length);
        };
    }
}
