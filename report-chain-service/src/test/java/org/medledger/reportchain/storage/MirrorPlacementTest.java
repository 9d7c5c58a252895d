package org.medledger.reportchain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class MirrorPlacementTest {

    /** An in-memory store that can be told to fail, and counts its requests. */
    static final class MemoryStore implements ObjectStore {
        final String name;
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final List<String> gets = new CopyOnWriteArrayList<>();
        final List<String> streams = new CopyOnWriteArrayList<>();
        final List<String> deletes = new CopyOnWriteArrayList<>();
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
        public Mono<Void> put(String key, List<byte[]> parts) {
            if (down) {
                return Mono.error(new ObjectStoreException(name, key, "down", null));
            }
            return Mono.fromRunnable(() -> objects.put(key, concat(parts)));
        }

        @Override
        public Mono<byte[]> get(String key, long offset, int length) {
            gets.add(key);
            return range(key, offset, length);
        }

        /** Streams the range three bytes at a time, as a network would in pieces. */
        @Override
        public Flux<ByteBuffer> stream(String key, long offset, long length) {
            streams.add(key);
            return range(key, offset, (int) length).flatMapMany(bytes -> Flux.range(0, (bytes.length + 2) / 3)
                    .map(i -> ByteBuffer.wrap(bytes, i * 3, Math.min(3, bytes.length - i * 3)).slice()));
        }

        private Mono<byte[]> range(String key, long offset, int length) {
            if (down) {
                return Mono.error(new ObjectStoreException(name, key, "down", null));
            }
            byte[] data = objects.get(key);
            if (data == null) {
                return Mono.error(new ObjectMissingException(name, key));
            }
            if (offset + length > data.length) {
                return Mono.error(new ObjectTruncatedException(name, key, "short"));
            }
            return Mono.just(Arrays.copyOfRange(data, (int) offset, (int) offset + length));
        }

        @Override
        public Mono<Void> delete(String key) {
            deletes.add(key);
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

    /** Accepts exactly {@code expected}. */
    private static CopyVerifier<byte[]> exactly(byte[] expected) {
        return sealed -> {
            if (!Arrays.equals(sealed, expected)) {
                throw new IllegalStateException("bytes differ");
            }
            return sealed;
        };
    }

    private static byte[] chunk(int index) {
        byte[] bytes = new byte[5];
        Arrays.fill(bytes, (byte) index);
        return bytes;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(part -> part.length).sum());
        parts.forEach(all::put);
        return all.array();
    }

    private List<ChunkLocation> written() {
        return placement.write(List.of(data), location -> { }).block().getFirst();
    }

    private ChunkRead<byte[]> readOf(List<ChunkLocation> locations) {
        return new ChunkRead<>(0, locations, data.length, exactly(data));
    }

    /** Writes {@code objects} objects of {@code perObject} 5-byte chunks; returns the reads of every chunk. */
    private List<ChunkRead<byte[]>> report(int objects, int perObject) {
        List<ChunkRead<byte[]>> reads = new ArrayList<>();
        for (int o = 0; o < objects; o++) {
            List<byte[]> chunks = IntStream.range(0, perObject).mapToObj(i -> chunk(reads.size() + i)).toList();
            List<List<ChunkLocation>> locations = placement.write(chunks, location -> { }).block();
            for (int i = 0; i < perObject; i++) {
                int index = reads.size();
                reads.add(new ChunkRead<>(index, locations.get(i), 5, exactly(chunk(index))));
            }
        }
        return reads;
    }

    @Test
    void write_putsTheChunksBackToBackInBothStoresUnderOneRandomKey() {
        List<ChunkLocation> attempted = new ArrayList<>();

        List<List<ChunkLocation>> locations = placement.write(List.of(data, chunk(7)), attempted::add).block();

        assertThat(locations).hasSize(2);
        assertThat(locations.get(0)).extracting(ChunkLocation::store).containsExactly("a", "b");
        String key = locations.get(0).get(0).key();
        assertThat(locations).flatMap(copies -> copies).extracting(ChunkLocation::key).containsOnly(key);
        assertThat(locations.get(0)).extracting(ChunkLocation::offset).containsOnly(0L);
        assertThat(locations.get(1)).extracting(ChunkLocation::offset).containsOnly(4L);
        assertThat(ObjectKeys.isValid(key)).isTrue();
        assertThat(attempted).containsExactlyInAnyOrderElementsOf(locations.get(0));
        assertThat(a.objects.get(key)).isEqualTo(concat(List.of(data, chunk(7))));
        assertThat(b.objects.get(key)).isEqualTo(a.objects.get(key));
    }

    @Test
    void write_oneStoreDown_failsAfterReportingEveryAttempt() {
        b.down = true;
        List<ChunkLocation> attempted = new CopyOnWriteArrayList<>();

        StepVerifier.create(placement.write(List.of(data), attempted::add))
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

        StepVerifier.create(placement.write(List.of(data), location -> { }))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ObjectStoreException.class)
                        .satisfies(failure -> assertThat(failure.getSuppressed())
                                .singleElement().isInstanceOf(ObjectStoreException.class)))
                .verify();
    }

    @Test
    void read_goodFirstCopy_isServedWithoutReadingTheSecond() {
        VerifiedRead<byte[]> read = placement.read(readOf(written())).block();

        assertThat(read.value()).isEqualTo(data);
        assertThat(read.servedFrom().store()).isEqualTo("a");
        assertThat(read.failures()).isEmpty();
        assertThat(b.gets).isEmpty();
    }

    @Test
    void read_chunkInsideAnObject_readsItsRangeOnly() {
        List<List<ChunkLocation>> locations = placement.write(List.of(chunk(1), chunk(2), chunk(3)), l -> { })
                .block();

        VerifiedRead<byte[]> read = placement.read(new ChunkRead<>(1, locations.get(1), 5, exactly(chunk(2)))).block();

        assertThat(read.index()).isEqualTo(1);
        assertThat(read.value()).isEqualTo(chunk(2));
        assertThat(read.failures()).isEmpty();
    }

    @Test
    void read_corruptFirstCopy_isServedFromTheSecondAndReported() {
        List<ChunkLocation> locations = written();
        a.objects.put(locations.get(0).key(), new byte[] {9, 9, 9, 9});

        VerifiedRead<byte[]> read = placement.read(readOf(locations)).block();

        assertThat(read.value()).isEqualTo(data);
        assertThat(read.servedFrom().store()).isEqualTo("b");
        assertThat(read.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.location().store()).isEqualTo("a");
            assertThat(failure.kind()).isEqualTo(CopyFailure.Kind.CORRUPT);
            assertThat(failure.reason()).isEqualTo("bytes differ");
        });
    }

    @Test
    void read_missingOrTruncatedOrUnreadableFirstCopy_isReportedAsSuch() {
        List<ChunkLocation> locations = written();
        String key = locations.get(0).key();
        a.objects.put(key, new byte[] {1, 2});
        assertThat(placement.read(readOf(locations)).block().failures())
                .extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.CORRUPT);

        a.objects.clear();
        assertThat(placement.read(readOf(locations)).block().failures())
                .extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.MISSING);

        a.down = true;
        assertThat(placement.read(readOf(locations)).block().failures())
                .extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.UNREADABLE);
    }

    @Test
    void read_noGoodCopy_failsWithEveryCopysFailure() {
        List<ChunkLocation> locations = written();
        a.objects.clear();
        b.objects.put(locations.get(1).key(), new byte[] {0, 0, 0, 0});

        StepVerifier.create(placement.read(readOf(locations)))
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
    void read_malformedKeyOrNegativeOffsetInManifest_isNeverFetched() {
        ChunkLocation good = written().get(1);
        for (ChunkLocation bad : List.of(new ChunkLocation("a", "bucket-a", "../../secret", 0L),
                new ChunkLocation("a", "bucket-a", good.key(), -1L))) {
            VerifiedRead<byte[]> read = placement.read(readOf(List.of(bad, good))).block();

            assertThat(read.failures()).extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.CORRUPT);
        }
        assertThat(a.gets).isEmpty();
    }

    @Test
    void readAll_streamsEachObjectOnceAndEmitsTheChunksInOrder() {
        List<ChunkRead<byte[]>> reads = report(3, 4);

        List<VerifiedRead<byte[]>> all = placement.readAll(reads, 4).collectList().block();

        assertThat(all).extracting(VerifiedRead::index).containsExactlyElementsOf(IntStream.range(0, 12).boxed()
                .toList());
        assertThat(all).allSatisfy(read -> {
            assertThat(read.value()).isEqualTo(chunk(read.index()));
            assertThat(read.failures()).isEmpty();
        });
        assertThat(a.streams).hasSize(3).doesNotHaveDuplicates();
        assertThat(a.gets).isEmpty();
        assertThat(b.gets).isEmpty();
        assertThat(b.streams).isEmpty();
    }

    @Test
    void readAll_fromTheMiddleOfAnObject_streamsItsRestOnly() {
        List<ChunkRead<byte[]>> reads = report(1, 4);

        List<VerifiedRead<byte[]>> rest = placement.readAll(reads.subList(1, 4), 2).collectList().block();

        assertThat(rest).extracting(VerifiedRead::index).containsExactly(1, 2, 3);
        assertThat(a.streams).hasSize(1);
    }

    @Test
    void readAll_corruptChunkInAnObject_isReadFromTheOtherCopyAndTheRestStillStreams() {
        List<ChunkRead<byte[]>> reads = report(1, 4);
        String key = reads.get(0).locations().get(0).key();
        a.objects.get(key)[2 * 5 + 1] ^= 1;

        List<VerifiedRead<byte[]>> all = placement.readAll(reads, 4).collectList().block();

        assertThat(all).allSatisfy(read -> assertThat(read.value()).isEqualTo(chunk(read.index())));
        assertThat(all.get(2).servedFrom().store()).isEqualTo("b");
        assertThat(all.get(2).failures()).singleElement().satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(CopyFailure.Kind.CORRUPT);
            assertThat(failure.location().offset()).isEqualTo(10L);
        });
        assertThat(all).filteredOn(read -> read.index() != 2).allSatisfy(read -> {
            assertThat(read.servedFrom().store()).isEqualTo("a");
            assertThat(read.failures()).isEmpty();
        });
        assertThat(a.streams).hasSize(1);
        assertThat(b.gets).hasSize(1);
    }

    @Test
    void readAll_truncatedObject_servesWhatItHoldsAndTheRestFromTheOtherCopy() {
        List<ChunkRead<byte[]>> reads = report(1, 4);
        String key = reads.get(0).locations().get(0).key();
        a.objects.put(key, Arrays.copyOf(a.objects.get(key), 12));

        List<VerifiedRead<byte[]>> all = placement.readAll(reads, 4).collectList().block();

        assertThat(all).allSatisfy(read -> assertThat(read.value()).isEqualTo(chunk(read.index())));
        assertThat(all).extracting(read -> read.servedFrom().store()).containsExactly("a", "a", "b", "b");
        assertThat(all.get(3).failures()).extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.CORRUPT);
    }

    @Test
    void readAll_objectMissing_servesEveryChunkFromTheOtherCopyAndReportsEach() {
        List<ChunkRead<byte[]>> reads = report(2, 3);
        a.objects.remove(reads.get(3).locations().get(0).key());

        List<VerifiedRead<byte[]>> all = placement.readAll(reads, 4).collectList().block();

        assertThat(all).allSatisfy(read -> assertThat(read.value()).isEqualTo(chunk(read.index())));
        assertThat(all.subList(3, 6)).allSatisfy(read -> assertThat(read.failures())
                .extracting(CopyFailure::kind).containsExactly(CopyFailure.Kind.MISSING));
        assertThat(all.subList(0, 3)).allSatisfy(read -> assertThat(read.failures()).isEmpty());
    }

    @Test
    void readAll_chunkWithNoGoodCopy_emitsEveryChunkBeforeItThenFailsNamingIt() {
        List<ChunkRead<byte[]>> reads = report(2, 3);
        for (MemoryStore store : List.of(a, b)) {
            store.objects.get(reads.get(4).locations().get(0).key())[5 + 2] ^= 1;
        }

        StepVerifier.create(placement.readAll(reads, 4).map(VerifiedRead::index))
                .expectNext(0, 1, 2, 3)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ChunkUnavailableException.class,
                        unavailable -> assertThat(unavailable.index()).isEqualTo(4)))
                .verify();
    }

    @Test
    void delete_locationsOfOneObject_deletesItOncePerStore() {
        List<List<ChunkLocation>> locations = placement.write(List.of(chunk(1), chunk(2), chunk(3)), l -> { })
                .block();

        StepVerifier.create(placement.delete(locations.stream().flatMap(List::stream).toList())).verifyComplete();

        assertThat(a.deletes).hasSize(1);
        assertThat(b.deletes).hasSize(1);
        assertThat(a.objects).isEmpty();
        assertThat(b.objects).isEmpty();
    }

    @Test
    void delete_storeDown_completesAnyway() {
        List<ChunkLocation> locations = written();
        a.down = true;

        StepVerifier.create(placement.delete(locations)).verifyComplete();

        assertThat(b.objects).isEmpty();
    }
}
