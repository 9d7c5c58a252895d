package org.medledger.reportchain.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.testing.S3TestServer;
import org.medledger.reportchain.testing.S3TestServers;
import org.medledger.reportchain.testing.TestData;
import reactor.test.StepVerifier;

/** Against a real S3 API (S3Proxy in process). */
class S3ObjectStoreTest {

    private final S3TestServer server = S3TestServers.a();
    private final ObjectStore store = new S3ObjectStore("a", server.bucket(), server.client());

    @Test
    void put_thenGet_storesThePartsBackToBackAndSetsNoMetadata() {
        byte[] first = TestData.bytes(1, 100_000);
        byte[] second = TestData.bytes(2, 3);
        String key = ObjectKeys.random();

        StepVerifier.create(store.put(key, List.of(first, second))).verifyComplete();

        assertThat(server.get(key)).isEqualTo(concat(first, second));
        assertThat(store.get(key, 100_000, 3).block()).isEqualTo(second);
        assertThat(store.get(key, 0, 100_000).block()).isEqualTo(first);
        var head = server.client().headObject(r -> r.bucket(server.bucket()).key(key)).join();
        assertThat(head.metadata()).isEmpty();
        store.delete(key).block();
    }

    @Test
    void stream_givesTheRangeAsItArrives() {
        byte[] data = TestData.bytes(3, 300_000);
        String key = ObjectKeys.random();
        store.put(key, List.of(data)).block();

        byte[] streamed = store.stream(key, 1000, 250_000)
                .reduce(ByteBuffer.allocate(250_000), ByteBuffer::put).block().array();

        assertThat(streamed).isEqualTo(Arrays.copyOfRange(data, 1000, 251_000));
        store.delete(key).block();
    }

    @Test
    void get_missingKey_isObjectMissing() {
        StepVerifier.create(store.get(ObjectKeys.random(), 0, 10))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ObjectMissingException.class)
                        .hasMessageContaining("no such object"))
                .verify();
    }

    @Test
    void get_rangeEndingOrStartingPastTheObject_isTruncated() {
        byte[] data = TestData.bytes(4, 1000);
        String key = ObjectKeys.random();
        store.put(key, List.of(data)).block();

        StepVerifier.create(store.get(key, 900, 200)).expectError(ObjectTruncatedException.class).verify();
        StepVerifier.create(store.get(key, 2000, 10)).expectError(ObjectTruncatedException.class).verify();
        StepVerifier.create(store.stream(key, 0, 1001).then()).expectError(ObjectTruncatedException.class).verify();
        store.delete(key).block();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void list_givesTheKeysUnderThePrefixInKeyOrderWithTheirWriteTime() {
        String prefix = "list-test/" + java.util.UUID.randomUUID() + "/";
        java.time.Instant before = java.time.Instant.now().minusSeconds(2);
        List<String> keys = java.util.stream.IntStream.range(0, 5).mapToObj(i -> prefix + "k" + (4 - i)).toList();
        keys.forEach(key -> server.put(key, new byte[] {1}));
        server.put("list-test/elsewhere", new byte[] {2});
        try {
            List<StoredObject> listed = store.list(prefix).collectList().block();

            assertThat(listed).extracting(StoredObject::key).containsExactlyElementsOf(keys.stream().sorted().toList());
            assertThat(listed).allSatisfy(o -> assertThat(o.lastModified()).isAfter(before)
                    .isBefore(java.time.Instant.now().plusSeconds(2)));
        } finally {
            keys.forEach(server::delete);
            server.delete("list-test/elsewhere");
        }
    }

    @Test
    void list_missingBucket_failsAsAStoreFailureNotAsAMissingObject() {
        ObjectStore nowhere = new S3ObjectStore("x", "no-such-bucket", server.client());

        StepVerifier.create(nowhere.list("c/"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ObjectStoreException.class)
                        .isNotInstanceOf(ObjectMissingException.class))
                .verify();
    }

    @Test
    void delete_missingKey_succeeds() {
        StepVerifier.create(store.delete(ObjectKeys.random())).verifyComplete();
    }

    @Test
    void randomKeys_areOpaqueAndDistinct() {
        String one = ObjectKeys.random();
        assertThat(one).matches("c/[0-9a-f]{32}");
        assertThat(ObjectKeys.random()).isNotEqualTo(one);
        assertThat(ObjectKeys.isValid(one)).isTrue();
        assertThat(ObjectKeys.isValid("c/../x")).isFalse();
        assertThat(ObjectKeys.isValid(null)).isFalse();
    }
}
