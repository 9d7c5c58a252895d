package org.medledger.reportchain.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.medledger.reportchain.config.StorageProperties;
import org.springframework.beans.factory.DisposableBean;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A relay in the service's JVM, for the benchmark only: bytes between the client and the buckets with nothing done
 * to them. {@code PUT /bench/relay/{key}} streams the body as one object to both buckets at once, {@code GET} streams
 * one object from bucket a. No chunking, crypto, verification, manifest or copy beyond what forwarding needs.
 *
 * <p>Why: the baselines are one hop (client to S3), the service is two (client to service to S3) on the
 * same two cores. The relay is the cheapest possible second hop, so its ratio to the baselines is the most any
 * service in between can reach on this machine, and the service's ratio to the relay is what its own work costs.
 */
@Configuration(proxyBeanMethods = false)
class BenchRelay {

    private static final NettyDataBufferFactory NETTY_BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);
    /** Network buffers held between the request and the slower of the two PUTs. */
    private static final int PUT_PREFETCH = 16;

    @Bean
    Clients benchRelayClients(StorageProperties properties) {
        return new Clients(properties);
    }

    @Bean
    RouterFunction<ServerResponse> benchRelayRoutes(Clients clients) {
        return RouterFunctions.route()
                .GET("/bench/relay/{key}", request -> get(clients.a, request.pathVariable("key")))
                .PUT("/bench/relay/{key}", request -> put(clients, request))
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

    private static Mono<ServerResponse> put(Clients clients, ServerRequest request) {
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
                .autoConnect(2);
        return Mono.when(List.of(clients.a, clients.b).stream()
                        .map(bucket -> Mono.fromFuture(() -> bucket.client.putObject(
                                r -> r.bucket(bucket.name).key(key).contentLength(length),
                                AsyncRequestBody.fromPublisher(body))))
                        .toList())
                .then(ServerResponse.noContent().build());
    }

    private record Bucket(String name, S3AsyncClient client) {
    }

    /** A client per bucket, built as the service builds its own (no SDK checksums, the Netty client). */
    static final class Clients implements DisposableBean {

        final Bucket a;
        final Bucket b;

        Clients(StorageProperties properties) {
            this.a = bucket(properties.resolvedA());
            this.b = bucket(properties.resolvedB());
        }

        private static Bucket bucket(StorageProperties.ResolvedBucket bucket) {
            return new Bucket(bucket.bucket(), S3AsyncClient.builder()
                    .endpointOverride(bucket.endpoint())
                    .forcePathStyle(bucket.pathStyle())
                    .region(Region.of(bucket.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(bucket.accessKey(), bucket.secretKey())))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                    .build());
        }

        @Override
        public void destroy() {
            a.client.close();
            b.client.close();
        }
    }
}
