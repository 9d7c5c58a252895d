package org.medledger.reportchain.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.medledger.reportchain.config.S3Clients;
import org.medledger.reportchain.config.StorageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A relay in the service's JVM, for the benchmark only: bytes between the client and the buckets with nothing done
 * to them. {@code PUT /bench/relay/{key}} streams the body as one object to both buckets at once, {@code GET} streams
 * one object from bucket a. No chunking, crypto, verification, manifest or copy beyond what forwarding needs.
 *
 * <p>It reads and writes through the service's own S3 clients ({@link S3Clients}): the same connection pools and
 * settings as the service's transfers, and the same request timeout, which bounds the relay's one request per file
 * (30 s by default: pass {@code --medledger.storage.request-timeout=5m} to the benchmark for files of gigabytes).
 *
 * <p>Why: the baselines are one hop (client to S3), the service is two (client to service to S3) on the
 * same two cores. The relay is a second hop that does no work of its own, built from the service's clients and
 * server, so its ratio to the baselines is about the most any service in between can reach on this machine, and the
 * service's ratio to the relay is what its own work costs.
 */
@Configuration(proxyBeanMethods = false)
class BenchRelay {

    private static final NettyDataBufferFactory NETTY_BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);
    /** Network buffers held between the request and the slower of the two PUTs. */
    private static final int PUT_PREFETCH = 16;

    @Bean
    RouterFunction<ServerResponse> benchRelayRoutes(S3Clients clients, StorageProperties properties) {
        Bucket a = Bucket.of(clients, properties.resolvedA());
        Bucket b = Bucket.of(clients, properties.resolvedB());
        return RouterFunctions.route()
                .GET("/bench/relay/{key}", request -> get(a, request.pathVariable("key")))
                .PUT("/bench/relay/{key}", request -> put(List.of(a, b), request))
                .build();
    }

    private static Mono<ServerResponse> get(Bucket a, String key) {
        return Mono.fromFuture(() -> a.client.getObject(r -> r.bucket(a.name).key(key),
                        AsyncResponseTransformer.toPublisher()))
                .flatMap(publisher -> ServerResponse.ok()
                        .contentLength(publisher.response().contentLength())
                        .body(BodyInserters.fromDataBuffers(Flux.from(publisher)
                                .map(buffer -> (DataBuffer) NETTY_BUFFERS.wrap(Unpooled.wrappedBuffer(buffer))))));
    }

    private static Mono<ServerResponse> put(List<Bucket> buckets, ServerRequest request) {
        long length = request.headers().contentLength().orElse(-1);
        if (length < 0) {
            return ServerResponse.status(HttpStatus.LENGTH_REQUIRED).build();
        }
        String key = request.pathVariable("key");
        // The SDK may hold a buffer after the request is done with it: each one is copied, then released.
        Flux<ByteBuffer> body = request.bodyToFlux(DataBuffer.class)
                .map(buffer -> {
                    ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
                    buffer.toByteBuffer(copy);
                    DataBufferUtils.release(buffer);
                    return copy;
                })
                .publish(PUT_PREFETCH)
                .autoConnect(buckets.size());
        return Mono.when(buckets.stream()
                        .map(bucket -> Mono.fromFuture(() -> bucket.client.putObject(
                                r -> r.bucket(bucket.name).key(key).contentLength(length),
                                AsyncRequestBody.fromPublisher(body))))
                        .toList())
                .then(ServerResponse.noContent().build());
    }

    private record Bucket(String name, S3AsyncClient client) {

        static Bucket of(S3Clients clients, StorageProperties.ResolvedBucket bucket) {
            return new Bucket(bucket.bucket(), clients.forBucket(bucket));
        }
    }
}
