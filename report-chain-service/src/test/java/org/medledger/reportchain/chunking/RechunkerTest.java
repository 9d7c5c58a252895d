package org.medledger.reportchain.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medledger.reportchain.testing.TestData;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RechunkerTest {

    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    private final ChunkMemory memory = new ChunkMemory();

    private static byte[] concat(List<PlainChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.write(c.buffer(), 0, c.length()));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} bytes in pieces of {1}, chunks of {2}")
    @CsvSource({"1,1,16", "15,4,16", "16,4,16", "17,4,16", "16,16,16", "100,7,16", "100,100,16", "100,1000,16",
            "64,64,16", "65,3,16"})
    void rechunk_anyPieceSizes_givesFixedChunksWithFinalFlagOnTheLastOnly(int size, int pieceSize, int chunkSize) {
        byte[] data = TestData.bytes(size, size);
        List<NettyDataBuffer> issued = new ArrayList<>();

        List<PlainChunk> chunks = Rechunker.rechunk(TestData.requestBody(data, pieceSize, issued), chunkSize, 1000, memory)
                .collectList().block();

        assertThat(chunks).hasSize((size + chunkSize - 1) / chunkSize);
        for (int i = 0; i < chunks.size(); i++) {
            PlainChunk chunk = chunks.get(i);
            boolean last = i == chunks.size() - 1;
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(chunk.isFinal()).isEqualTo(last);
            assertThat(chunk.length()).isEqualTo(last ? size - (chunks.size() - 1) * chunkSize : chunkSize);
        }
        assertThat(concat(chunks)).isEqualTo(data);
        assertThat(issued).allSatisfy(buffer -> assertThat(buffer.getNativeBuffer().refCnt()).isEqualTo(1));
        chunks.forEach(c -> memory.release(c.buffer(), true));
        assertThat(memory.inUseBytes()).isZero();
    }

    @Test
    void rechunk_emptyInput_failsAsEmpty() {
        StepVerifier.create(Rechunker.rechunk(Flux.empty(), 16, 100, memory))
                .expectError(EmptyUploadException.class)
                .verify();
        StepVerifier.create(Rechunker.rechunk(Flux.just(BUFFERS.allocateBuffer(8)), 16, 100, memory))
                .expectError(EmptyUploadException.class)
                .verify();
    }

    @Test
    void rechunk_inputOverTheMaximum_failsAtTheFirstExcessByteAndReleasesEverything() {
        byte[] data = TestData.bytes(1, 64);
        List<NettyDataBuffer> issued = new ArrayList<>();
        AtomicInteger requested = new AtomicInteger();

        StepVerifier.create(Rechunker.rechunk(TestData.requestBody(data, 8, issued).doOnNext(b -> requested.incrementAndGet()),
                                16, 40, memory)
                        .doOnNext(chunk -> memory.release(chunk.buffer(), true)))
                .expectNextCount(2)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UploadTooLargeException.class)
                        .hasMessageContaining("40"))
                .verify();

        assertThat(requested.get()).isLessThanOrEqualTo(6 + Rechunker.PREFETCH);
        assertThat(memory.inUseBytes()).isZero();
        assertThat(issued).allSatisfy(buffer -> assertThat(buffer.getNativeBuffer().refCnt()).isEqualTo(1));
    }

    @Test
    void rechunk_inputOfExactlyTheMaximum_isAccepted() {
        StepVerifier.create(Rechunker.rechunk(TestData.requestBody(new byte[40], 8, new ArrayList<>()), 16, 40, memory))
                .expectNextCount(3)
                .verifyComplete();
    }

    @Test
    void rechunk_slowConsumer_pullsOnlyAFewPiecesAhead() {
        AtomicInteger produced = new AtomicInteger();
        Flux<DataBuffer> endless = Flux.<DataBuffer>generate(sink -> {
            if (produced.incrementAndGet() > 10_000) {
                sink.error(new AssertionError("the rechunker pulls without bound"));
                return;
            }
            NettyDataBuffer buffer = BUFFERS.allocateBuffer(4);
            buffer.write(new byte[] {1, 2, 3, 4});
            sink.next(buffer);
        }).hide(); // not fuseable, like a network source: a fused endless generator would be drained on cancel
        List<PlainChunk> received = new ArrayList<>();
        BaseSubscriber<PlainChunk> oneAtATime = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(PlainChunk chunk) {
                received.add(chunk);
                memory.release(chunk.buffer(), true);
            }
        };

        Rechunker.rechunk(endless, 16, Long.MAX_VALUE, memory).subscribe(oneAtATime);

        assertThat(received).hasSize(1);
        // one chunk delivered (4 pieces), one full chunk held back (4 pieces), the piece that proved it was not last
        assertThat(produced.get()).isLessThanOrEqualTo(2 * 4 + 1 + Rechunker.PREFETCH);
        oneAtATime.cancel();
        assertThat(memory.inUseBytes()).isZero();
    }

    @Test
    void rechunk_cancelled_releasesTheChunksItHolds() {
        Flux<DataBuffer> stalls = Flux.concat(TestData.requestBody(new byte[40], 8, new ArrayList<>()), Flux.never());

        StepVerifier.create(Rechunker.rechunk(stalls, 16, 1000, memory), 1)
                .assertNext(chunk -> memory.release(chunk.buffer(), true))
                .thenCancel()
                .verify();

        assertThat(memory.inUseBytes()).isZero();
        assertThat(memory.highWaterBytes()).isLessThanOrEqualTo(3 * 16);
    }
}
