package org.medledger.reportchain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportUploads;
import org.medledger.reportchain.report.UploadPermit;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.storage.MirrorPlacement;
import org.medledger.reportchain.storage.ObjectKeys;
import org.medledger.reportchain.storage.ObjectStore;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.reportchain.storage.StoredObject;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.medledger.support.security.CurrentUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The orphan sweep against the real buckets (S3Proxy) and manifests (mongo-java-server). S3Proxy stamps every object
 * with the time it was written, so "older than the grace age" is simulated by a sweep whose clock runs ahead.
 *
 * <p>The buckets are shared with every other test: a sweep here deletes whatever chunk objects other tests left
 * without a manifest (failed uploads), which no test relies on; chunks with a manifest are never deleted, which is
 * what {@link #sweep_chunksReferencedByAManifest_areNeverDeleted} checks.
 */
@ReportChainIntegrationTest
class OrphanSweepIntegrationTest {

    private static final int MIB = 1024 * 1024;
    private static final Duration GRACE = Duration.ofHours(24);

    @Autowired
    WebTestClient webTestClient;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    PlacementPolicy placement;
    @Autowired
    ReportUploads uploads;
    @Autowired
    ReportProperties properties;
    @Autowired
    OrphanSweep contextSweep;

    ReportApi api;
    String doctor;
    String patient;
    final S3TestServer a = S3TestServers.a();
    final S3TestServer b = S3TestServers.b();

    @BeforeEach
    void setUp() {
        api = new ReportApi(webTestClient);
        doctor = "doc-" + UUID.randomUUID();
        patient = "pat-" + UUID.randomUUID();
        FakeBookingService.instance().reset();
    }

    private List<ObjectStore> stores() {
        return ((MirrorPlacement) placement).stores();
    }

    /** A sweep whose clock is {@code ahead} of now, so objects written now look that old. */
    private OrphanSweep sweepAhead(Duration ahead, List<ObjectStore> stores, int batchSize, int concurrency,
            MeterRegistry meters) {
        return new OrphanSweep(mongo, stores,
                new AuditProperties.OrphanSweep(true, Duration.ofHours(6), Duration.ZERO, GRACE, batchSize,
                        concurrency),
                Clock.offset(Clock.systemUTC(), ahead), meters);
    }

    private OrphanSweep sweepAhead(Duration ahead) {
        return sweepAhead(ahead, stores(), 500, 4, new SimpleMeterRegistry());
    }

    /** A chunk-shaped object in both buckets that no manifest references: what a crashed upload leaves. */
    private String orphanInBoth() {
        String key = ObjectKeys.random();
        byte[] sealed = TestData.bytes(key.hashCode(), 100);
        a.put(key, sealed);
        b.put(key, sealed);
        return key;
    }

    private static OrphanSweep.StoreResult of(OrphanSweep.Result result, String store) {
        return result.stores().stream().filter(r -> r.store().equals(store)).findFirst().orElseThrow();
    }

    private Report stored(long seed, int size) {
        String appointment = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
        String id = (String) api.uploaded(TestTokens.token(doctor, "doctor"), appointment, "file.bin",
                TestData.bytes(seed, size)).get("id");
        return mongo.findById(id, Report.class).block();
    }

    private static List<String> keysOf(Report report) {
        return report.chunks().stream().flatMap(chunk -> chunk.locations().stream()).map(ChunkLocation::key)
                .distinct().toList();
    }

    @Test
    void sweep_orphanOlderThanTheGraceAge_isDeletedFromBothBucketsAndCounted() {
        String orphan = orphanInBoth();
        // the service died between the two writes of a chunk: the copy in a alone
        String onlyInA = ObjectKeys.random();
        a.put(onlyInA, new byte[] {1, 2, 3});
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        OrphanSweep.Result result = sweepAhead(GRACE.plusHours(1), stores(), 500, 4, meters).sweep().block();

        assertThat(a.keys()).doesNotContain(orphan, onlyInA);
        assertThat(b.keys()).doesNotContain(orphan);
        assertThat(of(result, "a").complete()).isTrue();
        assertThat(of(result, "b").complete()).isTrue();
        assertThat(of(result, "a").deleted()).isGreaterThanOrEqualTo(2);
        assertThat(of(result, "b").deleted()).isGreaterThanOrEqualTo(1);
        assertThat(result.stores()).allSatisfy(r -> assertThat(r.failed()).isZero());
        for (String store : List.of("a", "b")) {
            assertThat(meters.get("medledger.audit.orphans.deleted").tag("store", store).counter().count())
                    .isEqualTo(of(result, store).deleted());
            assertThat(meters.get("medledger.audit.orphans.scanned").tag("store", store).counter().count())
                    .isEqualTo(of(result, store).scanned());
        }
    }

    @Test
    void sweep_orphanYoungerThanTheGraceAge_isKept() {
        String orphan = orphanInBoth();
        try {
            OrphanSweep.Result result = sweepAhead(GRACE.minusHours(1)).sweep().block();

            assertThat(a.keys()).contains(orphan);
            assertThat(b.keys()).contains(orphan);
            // everything in the test buckets was written within the hour: nothing is old enough
            assertThat(result.deleted()).isZero();
            assertThat(of(result, "a").young()).isGreaterThanOrEqualTo(1);
            assertThat(of(result, "b").young()).isGreaterThanOrEqualTo(1);
        } finally {
            a.delete(orphan);
            b.delete(orphan);
        }
    }

    @Test
    void sweep_contextSweepWithTheRealClock_deletesNothingWrittenToday() {
        String orphan = orphanInBoth();
        try {
            OrphanSweep.Result result = contextSweep.sweep().block();

            assertThat(result.deleted()).isZero();
            assertThat(result.scanned()).isGreaterThanOrEqualTo(2);
            assertThat(a.keys()).contains(orphan);
        } finally {
            a.delete(orphan);
            b.delete(orphan);
        }
    }

    @Test
    void sweep_chunksReferencedByAManifest_areNeverDeleted() {
        byte[] file = TestData.bytes(931, 2 * MIB + 5);
        Report report = stored(931, 2 * MIB + 5);
        String orphan = orphanInBoth();

        OrphanSweep.Result result = sweepAhead(Duration.ofDays(400)).sweep().block();

        assertThat(keysOf(report)).hasSize(1); // the three chunks lie in one object
        assertThat(a.keys()).containsAll(keysOf(report)).doesNotContain(orphan);
        assertThat(b.keys()).containsAll(keysOf(report)).doesNotContain(orphan);
        assertThat(result.deleted()).isGreaterThanOrEqualTo(2);
        assertThat(api.download(TestTokens.token(patient, "patient"), report.id())).isEqualTo(file);
        // each lookup is an index hit: the manifests carry an index on the chunk location key
        assertThat(mongo.indexOps(Report.class).getIndexInfo().collectList().block())
                .extracting(IndexInfo::getName).contains("chunk_location_key");
    }

    @Test
    void sweep_keysNotInTheChunkFormat_areNeverDeleted() {
        String hex = ObjectKeys.random().substring(ObjectKeys.PREFIX.length());
        List<String> foreign = List.of("c/not-a-chunk", "c/" + hex.toUpperCase(), "c/" + hex.substring(1),
                "c/" + hex + "0", "c/" + hex + ".tmp", "other/" + hex, hex);
        foreign.forEach(key -> {
            a.put(key, new byte[] {7});
            b.put(key, new byte[] {7});
        });
        try {
            OrphanSweep.Result result = sweepAhead(GRACE.plusHours(1)).sweep().block();

            assertThat(a.keys()).containsAll(foreign);
            assertThat(b.keys()).containsAll(foreign);
            // the five under the chunk prefix were listed and recognised as foreign; the others were not even listed
            assertThat(of(result, "a").foreign()).isGreaterThanOrEqualTo(5);
            assertThat(of(result, "b").foreign()).isGreaterThanOrEqualTo(5);
        } finally {
            foreign.forEach(key -> {
                a.delete(key);
                b.delete(key);
            });
        }
    }

    @Test
    void sweep_twoInstancesAtOnce_deleteEachOrphanWithoutFailing() {
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orphans.add(orphanInBoth());
        }
        OrphanSweep one = sweepAhead(GRACE.plusHours(1));
        OrphanSweep other = sweepAhead(GRACE.plusHours(1));

        List<OrphanSweep.Result> results = Flux.merge(one.sweep(), other.sweep()).collectList()
                .block(Duration.ofSeconds(60));

        assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result.stores())
                .allSatisfy(r -> assertThat(r.failed()).isZero()).allSatisfy(r -> assertThat(r.complete()).isTrue()));
        assertThat(a.keys()).doesNotContainAnyElementsOf(orphans);
        assertThat(b.keys()).doesNotContainAnyElementsOf(orphans);
    }

    /**
     * An upload is still running when the sweep lists bucket a: its first object is old enough (clock ahead) and no
     * manifest names it yet, so the batch lookup marks it an orphan. The upload then finishes before that object's
     * turn comes (it is triggered by the delete of an orphan listed first); the re-check right before the delete
     * finds the new manifest and keeps the object.
     */
    @Test
    void sweep_uploadFinishingDuringTheSweep_keepsItsChunks() throws Exception {
        Set<String> before = new HashSet<>(a.keys());
        byte[] file = TestData.bytes(932, properties.chunksPerObject() * MIB + 10);
        Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
        String appointment = "appt-" + UUID.randomUUID();
        FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
        String doctorToken = TestTokens.token(doctor, "doctor");
        UploadPermit permit = uploads.permit(new CurrentUser(doctor, null, null, Set.of(CurrentUser.DOCTOR)),
                doctorToken, appointment).block(Duration.ofSeconds(30));
        CompletableFuture<Report> upload = uploads.store(permit, "race.bin", "application/octet-stream",
                body.asFlux()).toFuture();
        // every byte but no end: the first object (known not to hold the last chunk) is written, the second (the
        // last chunk alone) waits for the end
        body.tryEmitNext(DefaultDataBufferFactory.sharedInstance.wrap(file)).orThrow();
        String firstObject = await().atMost(Duration.ofSeconds(30)).until(() -> {
            Set<String> added = new HashSet<>(a.keys());
            added.removeAll(before);
            return added.stream().filter(ObjectKeys::isValid).filter(key -> b.keys().contains(key)).findFirst()
                    .orElse(null);
        }, key -> key != null);
        String listedFirst = ObjectKeys.PREFIX + "0".repeat(32);
        a.put(listedFirst, new byte[] {1});
        ObjectStore realA = stores().get(0);
        ObjectStore finishingUploadOnFirstDelete = new DelegatingStore(realA) {
            @Override
            public Mono<Void> delete(String key) {
                Mono<Void> finish = Mono.defer(() -> {
                    body.tryEmitComplete().orThrow();
                    return Mono.fromFuture(upload).then();
                });
                return realA.delete(key).then(key.equals(listedFirst) ? finish : Mono.empty());
            }
        };
        List<ObjectStore> stores = List.of(finishingUploadOnFirstDelete, stores().get(1));

        OrphanSweep.Result result = sweepAhead(GRACE.plusHours(1), stores, 10_000, 1, new SimpleMeterRegistry())
                .sweep().block(Duration.ofSeconds(60));

        Report report = upload.get(30, TimeUnit.SECONDS);
        assertThat(keysOf(report)).contains(firstObject).hasSize(2);
        assertThat(a.keys()).containsAll(keysOf(report)).doesNotContain(listedFirst);
        assertThat(b.keys()).containsAll(keysOf(report));
        assertThat(of(result, "a").spared()).isGreaterThanOrEqualTo(1);
        assertThat(api.download(TestTokens.token(patient, "patient"), report.id())).isEqualTo(file);
    }

    /** A store that forwards every call to another; tests override one method to act in between. */
    private static class DelegatingStore implements ObjectStore {

        private final ObjectStore delegate;

        DelegatingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String bucket() {
            return delegate.bucket();
        }

        @Override
        public Mono<Void> put(String key, List<byte[]> parts) {
            return delegate.put(key, parts);
        }

        @Override
        public Mono<byte[]> get(String key, long offset, int length) {
            return delegate.get(key, offset, length);
        }

        @Override
        public Flux<ByteBuffer> stream(String key, long offset, long length) {
            return delegate.stream(key, offset, length);
        }

        @Override
        public Mono<Void> delete(String key) {
            return delegate.delete(key);
        }

        @Override
        public Flux<StoredObject> list(String prefix) {
            return delegate.list(prefix);
        }
    }
}
