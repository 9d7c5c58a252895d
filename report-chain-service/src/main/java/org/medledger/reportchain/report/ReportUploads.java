package org.medledger.reportchain.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.medledger.events.EventCodec;
import org.medledger.events.report.ReportStored;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.chunking.EmptyUploadException;
import org.medledger.reportchain.chunking.PlainChunk;
import org.medledger.reportchain.chunking.Rechunker;
import org.medledger.reportchain.chunking.ReportSealer;
import org.medledger.reportchain.chunking.SealedChunk;
import org.medledger.reportchain.chunking.UploadTooLargeException;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.crypto.ChunkFormat;
import org.medledger.reportchain.crypto.DataKey;
import org.medledger.reportchain.crypto.KeyProvider;
import org.medledger.reportchain.crypto.KeyProviderException;
import org.medledger.reportchain.crypto.WrappedKey;
import org.medledger.reportchain.ledger.PlaintextCommitment;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.storage.ObjectStoreException;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.ForbiddenException;
import org.medledger.support.web.InvalidRequestException;
import org.medledger.support.web.MedLedgerException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Stores a new report, streaming: the file's bytes flow through the {@link Rechunker}, the {@link ReportSealer}
 * (AES-256-GCM, SHA-256, hash chain, Merkle tree) and the {@link PlacementPolicy} (both buckets), consecutive
 * chunks written together as one object ({@code chunks-per-object}), one object being written while the next one
 * fills, and back-pressure to the client beyond that. The file is never held whole, in memory or on disk.
 *
 * <p>The manifest, with the {@code ReportStored} event in its outbox, is inserted in one write after every chunk
 * is durable in every bucket and the ledger recorded the upload. On any failure (a bucket down, too large, the
 * client gone, a second upload for the same appointment winning the race) every object whose write was started
 * is deleted, best effort, and no manifest exists; the caller gets a problem, never internals.
 */
public class ReportUploads {

    private static final Logger log = LoggerFactory.getLogger(ReportUploads.class);
    private static final Pattern APPOINTMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final HexFormat HEX = HexFormat.of();

    private final BookingServiceClient booking;
    private final ReactiveMongoTemplate mongo;
    private final KeyProvider keyProvider;
    private final PlacementPolicy placement;
    private final LedgerRecorder ledger;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final ChunkMemory memory;
    private final ReportProperties properties;
    private final Clock clock;

    public ReportUploads(BookingServiceClient booking, ReactiveMongoTemplate mongo, KeyProvider keyProvider,
            PlacementPolicy placement, LedgerRecorder ledger, EventCodec codec, OutboxRelay outboxRelay,
            ChunkMemory memory, ReportProperties properties, Clock clock) {
        this.booking = booking;
        this.mongo = mongo;
        this.keyProvider = keyProvider;
        this.placement = placement;
        this.ledger = ledger;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.memory = memory;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Checks an upload before its file is read: the caller is a doctor, the appointment is theirs (as
     * booking-service says, asked with the caller's token) and COMPLETED, and it has no report yet.
     *
     * @return the permit; errors are problems: 403 {@code role-required}, 400 {@code invalid-appointment-id}, 404
     *     {@code appointment-not-found}, 403 {@code not-your-appointment}, 409 {@code appointment-not-completed} or
     *     {@code report-exists}, 503 {@code booking-unavailable}
     */
    public Mono<UploadPermit> permit(CurrentUser caller, String bearerToken, String appointmentId) {
        return Mono.defer(() -> {
            caller.requireRole(CurrentUser.DOCTOR);
            if (appointmentId == null || !APPOINTMENT_ID.matcher(appointmentId).matches()) {
                return Mono.error(new InvalidRequestException("invalid-appointment-id",
                        "appointmentId must be 1 to 100 letters, digits, '.', '_', ':' or '-'."));
            }
            return reportExists(appointmentId)
                    .then(booking.appointment(appointmentId, bearerToken))
                    .map(appointment -> check(caller, appointmentId, appointment));
        });
    }

    private Mono<Void> reportExists(String appointmentId) {
        return mongo.exists(Query.query(Criteria.where("appointmentId").is(appointmentId)), Report.class)
                .flatMap(exists -> exists ? Mono.error(reportExistsProblem()) : Mono.empty());
    }

    private static UploadPermit check(CurrentUser caller, String appointmentId, Appointment appointment) {
        if (!caller.id().equals(appointment.doctorId()) || !appointmentId.equals(appointment.id())) {
            throw new ForbiddenException("not-your-appointment",
                    "Only the appointment's doctor can upload its report.");
        }
        if (Appointment.REPORT_AVAILABLE.equals(appointment.status())) {
            throw reportExistsProblem();
        }
        if (!Appointment.COMPLETED.equals(appointment.status())) {
            throw new ConflictException("appointment-not-completed",
                    "A report can be uploaded only for a COMPLETED appointment; this one is "
                            + appointment.status() + ".");
        }
        if (appointment.patientId() == null || appointment.patientId().isBlank()) {
            throw new ServiceUnavailableException("booking-unavailable",
                    "booking-service did not name the appointment's patient; nothing was stored.");
        }
        return new UploadPermit(appointmentId, appointment.patientId(), appointment.doctorId());
    }

    private static ConflictException reportExistsProblem() {
        return new ConflictException("report-exists", "This appointment already has a report.");
    }

    /**
     * Streams {@code content} into a new report under {@code permit}.
     *
     * @param fileName the client's file name (sanitised here; metadata only)
     * @param contentType the client's declared media type (normalised here)
     * @return the stored manifest; errors are problems: 400 {@code empty-file}, 413 {@code upload-too-large}, 409
     *     {@code report-exists}, 503 {@code storage-unavailable} / {@code key-provider-unavailable}
     */
    public Mono<Report> store(UploadPermit permit, String fileName, String contentType, Flux<DataBuffer> content) {
        return Mono.defer(() -> {
            UUID reportId = UUID.randomUUID();
            DataKey dataKey = DataKey.generate();
            Set<ChunkLocation> attempted = ConcurrentHashMap.newKeySet();
            Queue<CompletableFuture<?>> writes = new ConcurrentLinkedQueue<>();
            AtomicBoolean aborted = new AtomicBoolean();
            Mono<Void> cleanup = Mono.defer(() -> aborted.compareAndSet(false, true)
                    ? deleteOrphans(reportId, attempted, writes) : Mono.empty());
            return wrap(dataKey, reportId)
                    .flatMap(wrapped -> {
                        ReportSealer sealer = new ReportSealer(reportId, dataKey, memory);
                        return storeChunks(sealer, content, attempted, writes)
                                .flatMap(chunks -> writeManifest(permit, reportId, sealer, chunks, wrapped,
                                        FileNames.sanitise(fileName), FileNames.contentType(contentType)));
                    })
                    .onErrorResume(e -> cleanup.then(Mono.error(problem(reportId, e))))
                    .doOnCancel(() -> {
                        log.info("Upload of report {} cancelled by the client; deleting its chunks", reportId);
                        cleanup.subscribe();
                    })
                    .doFinally(signal -> dataKey.destroy());
        });
    }

    private Mono<WrappedKey> wrap(DataKey dataKey, UUID reportId) {
        // A KMS call blocks: keep it off the event loop.
        return Mono.fromCallable(() -> keyProvider.wrap(dataKey, reportId)).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<List<ReportChunk>> storeChunks(ReportSealer sealer, Flux<DataBuffer> content,
            Set<ChunkLocation> attempted, Queue<CompletableFuture<?>> writes) {
        return Rechunker.rechunk(content, properties.chunkBytes(), properties.maxSize().toBytes(), memory)
                // Sealing moves to a CPU worker so the event loop keeps reading; prefetch 1 keeps one chunk queued.
                .publishOn(Schedulers.parallel(), 1)
                .map(sealer::seal)
                .buffer(properties.chunksPerObject())
                // Two objects at most: one being written while the next one fills.
                .flatMapSequential(objectChunks -> {
                    List<byte[]> sealed = objectChunks.stream().map(SealedChunk::sealed).toList();
                    // Each write runs to its end even if the upload is abandoned meanwhile (a cancelled PUT can still
                    // land): the cleanup waits for these before deleting, so nothing lands after it.
                    CompletableFuture<List<List<ChunkLocation>>> write = placement.write(sealed, attempted::add)
                            .doFinally(signal -> sealed.forEach(buffer -> memory.release(buffer, false)))
                            .toFuture();
                    writes.add(write);
                    return Mono.fromFuture(write, true).flatMapIterable(locations -> toReportChunks(objectChunks,
                            locations));
                }, 2, 1)
                .doOnDiscard(SealedChunk.class, chunk -> memory.release(chunk.sealed(), false))
                .doOnDiscard(List.class, objectChunks -> objectChunks.forEach(chunk -> {
                    if (chunk instanceof SealedChunk sealed) {
                        memory.release(sealed.sealed(), false);
                    }
                }))
                .doOnDiscard(PlainChunk.class, chunk -> memory.release(chunk.buffer(), true))
                .collectList();
    }

    private static List<ReportChunk> toReportChunks(List<SealedChunk> chunks, List<List<ChunkLocation>> locations) {
        List<ReportChunk> stored = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            SealedChunk chunk = chunks.get(i);
            stored.add(new ReportChunk(Math.toIntExact(chunk.index()), chunk.plaintextLength(), chunk.sealed().length,
                    HEX.formatHex(chunk.sha256()), HEX.formatHex(chunk.link()), locations.get(i)));
        }
        return stored;
    }

    private Mono<Report> writeManifest(UploadPermit permit, UUID reportId, ReportSealer sealer,
            List<ReportChunk> chunks, WrappedKey wrapped, String fileName, String contentType) {
        if (!sealer.isFinished() || chunks.size() != sealer.chunkCount()) {
            return Mono.error(new IllegalStateException("upload ended without its final chunk"));
        }
        Instant now = clock.instant();
        String id = reportId.toString();
        String rootHash = HEX.formatHex(sealer.merkleRoot());
        String chainHead = HEX.formatHex(sealer.chainHead());
        long size = sealer.plaintextSize();
        int chunkCount = chunks.size();
        byte[] salt = PlaintextCommitment.newSalt();
        var entry = new LedgerRecorder.ReportStoredEntry(id, permit.appointmentId(), permit.patientId(),
                permit.doctorId(), rootHash, chainHead, PlaintextCommitment.of(salt, sealer.plaintextSha256()), size,
                chunkCount, now);
        return ledger.reportStored(entry).flatMap(ledgerEntryId -> {
            var event = new ReportStored(id, permit.appointmentId(), permit.patientId(), permit.doctorId(), rootHash,
                    size, chunkCount, ledgerEntryId);
            Report report = new Report(id, permit.appointmentId(), permit.patientId(), permit.doctorId(),
                    ReportStatus.STORED, fileName, contentType, size, properties.chunkBytes(), chunkCount,
                    ChunkFormat.VERSION, placement.name(), chainHead, rootHash, HEX.formatHex(salt),
                    KeyEnvelope.of(wrapped, now),
                    List.of(new KeyChange(wrapped.kekVersion(), now, KeyChange.STORED)), chunks, ledgerEntryId, now,
                    List.of(codec.prepare(event)));
            return mongo.insert(report);
        }).doOnSuccess(report -> {
            outboxRelay.nudge();
            log.info("Report {} stored: {} bytes in {} chunks, root {}", id, size, chunkCount, rootHash);
        });
    }

    /**
     * Deletes every copy a failed upload started to write, once no write is still running (bounded by the S3 request
     * timeout), so no object can land after the delete.
     */
    private Mono<Void> deleteOrphans(UUID reportId, Set<ChunkLocation> attempted, Queue<CompletableFuture<?>> writes) {
        CompletableFuture<?> settled = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        return Mono.fromFuture(settled.handle((ignored, error) -> true))
                .then(Mono.defer(() -> {
                    if (attempted.isEmpty()) {
                        return Mono.empty();
                    }
                    log.info("Deleting {} chunk copies of failed upload {}", attempted.size(), reportId);
                    return placement.delete(List.copyOf(attempted));
                }));
    }

    private RuntimeException problem(UUID reportId, Throwable e) {
        if (e instanceof MedLedgerException problem) {
            return problem;
        }
        if (e instanceof EmptyUploadException) {
            return new InvalidRequestException("empty-file", "The file is empty; a report needs at least one byte.");
        }
        if (e instanceof UploadTooLargeException tooLarge) {
            return new PayloadTooLargeException(tooLarge.maxSize());
        }
        if (e instanceof DuplicateKeyException) {
            return reportExistsProblem();
        }
        if (e instanceof ObjectStoreException) {
            log.warn("Upload of report {} failed in storage: {}", reportId, e.getMessage());
            return new ServiceUnavailableException("storage-unavailable",
                    "The report could not be stored in both buckets; nothing was kept. Try again later.");
        }
        if (e instanceof KeyProviderException) {
            log.warn("Upload of report {} failed at the key provider: {}", reportId, e.getClass().getSimpleName());
            return new ServiceUnavailableException("key-provider-unavailable",
                    "The report's key could not be protected; nothing was stored. Try again later.");
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(e.getClass().getSimpleName(), e);
    }
}
