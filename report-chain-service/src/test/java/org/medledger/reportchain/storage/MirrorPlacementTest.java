package org.medledger.reportchain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MirrorPlacementTest {

    /** An in-memory store that can be told to fail. */
    static final class MemoryStore implements ObjectStore {
        final String name;
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final List<String> gets = new CopyOnWriteArrayList<>();
        volatile boolean down;

        MemoryStore(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String bucket() {
            return "bucket-" + name;
        }

        @Override
        public Mono<Void> put(String key, byte[] data, byte[] sha256) {
            return down ? Mono.error(new ObjectStoreException(name, key, "down", null))
                    : Mono.fromRunnable(() -> objects.put(key, data.clone()));
        }

        @Override
        public Mono<byte[]> get(String key, int maxLength) {
            gets.add(key);
            if (down) {
                return Mono.error(new ObjectStoreException(name, key, "down", null));
            }
            byte[] data = objects.get(key);
            return data == null ? Mono.error(new ObjectMissingException(name, key)) : Mono.just(data.clone());
        }

        @Override
        public Mono<Void> delete(String key) {
            return down ? Mono.error(new ObjectStoreException(name, key, "down", null))
                    : Mono.fromRunnable(() -> objects.remove(key));
        }

        @Override
        public Flux<StoredObject> list(String prefix) {
            return Flux.fromStream(() -> objects.keySet().stream().filter(key -> key.startsWith(prefix)).sorted()
                    .map(key -> new StoredObject(key, Instant.EPOCH)));
        }
    }

    private final MemoryStore a = new MemoryStore("a");
    private final MemoryStore b = new MemoryStore("b");
    private final MirrorPlacement placement = new MirrorPlacement(List.of(a, b));
    private final byte[] data = {1, 2, 3, 4};
    private final CopyVerifier<byte[]> exact = sealed -> {
        if (!Arrays.equals(sealed, data)) {
            throw new IllegalStateException("bytes differ");
        }
        return sealed;
    };

    private List<ChunkLocation> written() {
        return placement.write(data, new byte[32], location -> { }).block();
    }

    @Test
    void write_putsTheChunkInBothStoresUnderOneRandomKey() {
        List<ChunkLocation> attempted = new ArrayList<>();

        List<ChunkLocation> locations = placement.write(data, new byte[32], attempted::add).block();

        assertThat(locations).extracting(ChunkLocation::store).containsExactly("a", "b");
        assertThat(locations).extracting(ChunkLocation::key).containsOnly(locations.get(0).key());
        assertThat(ObjectKeys.isValid(locations.get(0).key())).isTrue();
        assertThat(attempted).containsExactlyInAnyOrderElementsOf(locations);
        assertThat(a.objects.get(locations.get(0).key())).isEqualTo(data);
        assertThat(b.objects.get(locations.get(0).key())).isEqualTo(data);
    }

    @Test
    void write_oneStoreDown_failsAfterReportingEveryAttempt() {
        b.down = true;
        List<ChunkLocation> attempted = new CopyOnWriteArrayList<>();

        StepVerifier.create(placement.write(data, new byte[32], attempted::add))
                .expectError(ObjectStoreException.class)
                .verify();

        assertThat(attempted).extracting(ChunkLocation::store).contains("b");
        StepVerifier.create(placement.delete(attempted)).verifyComplete();
        assertThat(a.objects).isEmpty();
    }

    @Test
    void write_everyStoreDown_failsWithOneObjectStoreExceptionNamingTheOthers() {
        a.down = true;
        b.down = true;

        StepVerifier.create(placement.write(data, new byte[32], location -> { }))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ObjectStoreException.class)
                        .satisfies(failure -> assertThat(failure.getSuppressed())
                                .singleElement().isInstanceOf(ObjectStoreException.class)))
                .verify();
    }

    @Test
    void read_goodFirstCopy_isServedWithoutReadingTheSecond() {
        List<ChunkLocation> locations = written();

        VerifiedRead<byte[]> read = placement.read(locations, 100, exact).block();

        assertThat(read.value()).isEqualTo(data);
        assertThat(read.servedFrom().store()).isEqualTo("a");
        assertThat(read.failures()).isEmpty();
        assertThat(b.gets).isEmpty();
    }

    @Test
    void read_corruptFirstCopy_isServedFromTheSecondAndReported() {
        List<ChunkLocation> locations = written();
        a.objects.put(locations.get(0).key(), new byte[] {9, 9, 9, 9});

        VerifiedRead<byte[]> read = placement.read(locations, 100, exact).block();

        assertThat(read.value()).isEqualTo(data);
        assertThat(read.servedFrom().store()).isEqualTo("b");
        assertThat(read.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.location().store()).isEqualTo("a");
            assertThat(failure.kind()).isEqualTo(CopyFailure.Kind.CORRUPT);
            assertThat(failure.reason()).isEqualTo("bytes differ");
        });
    }

    @Test
    void read_missingFirstCopy_isReportedMissing() {
        List<ChunkLocation> locations = written();
        a.objects.clear();

        assertThat(placement.read(locations, 100, exact).block().failures())
                .extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.MISSING);
    }

    @Test
    void read_firstStoreDown_isReportedUnreadable() {
        List<ChunkLocation> locations = written();
        a.down = true;

        assertThat(placement.read(locations, 100, exact).block().failures())
                .extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.UNREADABLE);
    }

    @Test
    void read_noGoodCopy_failsWithEveryCopysFailure() {
        List<ChunkLocation> locations = written();
        a.objects.clear();
        b.objects.put(locations.get(1).key(), new byte[] {0});

        StepVerifier.create(placement.read(locations, 100, exact))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ChunkUnavailableException.class);
                    ChunkUnavailableException unavailable = (ChunkUnavailableException) e;
                    assertThat(unavailable.failures()).extracting(CopyFailure::kind)
                            .containsExactly(CopyFailure.Kind.MISSING, CopyFailure.Kind.CORRUPT);
                    assertThat(unavailable.isTransient()).isFalse();
                })
                .verify();
    }

    @Test
    void read_malformedKeyInManifest_isNeverFetched() {
        List<ChunkLocation> locations = List.of(new ChunkLocation("a", "bucket-a", "../../secret"),
                written().get(1));

        VerifiedRead<byte[]> read = placement.read(locations, 100, exact).block();

        assertThat(a.gets).isEmpty();
        assertThat(read.failures()).extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.CORRUPT);
    }

    @Test
    void delete_storeDown_completesAnyway() {
        List<ChunkLocation> locations = written();
        a.down = true;

        StepVerifier.create(placement.delete(locations)).verifyComplete();

        assertThat(b.objects).isEmpty();
    }
}
