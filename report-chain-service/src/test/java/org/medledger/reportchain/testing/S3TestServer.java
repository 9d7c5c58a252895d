package org.medledger.reportchain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.medledger.reportchain.report.ReportChunk;
import org.medledger.reportchain.storage.ChunkLocation;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * One S3Proxy in this JVM over a filesystem blob store under {@code target/}, with one bucket, signed requests
 * (the development identity), path-style access. Can be stopped and started again on the same port, to make its
 * bucket unreachable for a while. Also a plain S3 client for tests that tamper with objects directly.
 */
public final class S3TestServer {

    public static final String ACCESS_KEY = "medledger";
    public static final String SECRET_KEY = "medledger-secret";

    private final String bucket;
    private final BlobStore blobStore;
    private final S3AsyncClient client;
    private int port;
    private S3Proxy proxy;

    private S3TestServer(String bucket, BlobStore blobStore) {
        this.bucket = bucket;
        this.blobStore = blobStore;
        start(0);
        this.client = S3AsyncClient.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Starts a server with {@code bucket} in a fresh directory under {@code target/s3proxy}. */
    static S3TestServer start(String bucket) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "s3proxy")), bucket + "-");
            // every test JVM and benchmark writes hundreds of MiB here: gone with the JVM, or repeated runs fill the
            // disk (and a full disk fails every upload)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileSystemUtils.deleteRecursively(dir);
                } catch (IOException e) {
                    // best effort: target/ is a build folder
                }
            }, "s3proxy-" + bucket + "-cleanup"));
            BlobStore store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
            store.createContainer(bucket);
            return new S3TestServer(bucket, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void start(int onPort) {
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                LockSupport.parkNanos(1_000_000);
            }
            port = proxy.getPort();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    /** Stops the server: its bucket becomes unreachable (connection refused). */
    public synchronized void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts it again on the same port. */
    public synchronized void restart() {
        start(port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String bucket() {
        return bucket;
    }

    /** The object's bytes. */
    public byte[] get(String key) {
        ResponseBytes<GetObjectResponse> bytes = client.getObject(r -> r.bucket(bucket).key(key),
                AsyncResponseTransformer.toBytes()).join();
        return bytes.asByteArray();
    }

    /** Overwrites (or creates) an object, bypassing the service. */
    public void put(String key, byte[] data) {
        client.putObject(r -> r.bucket(bucket).key(key), AsyncRequestBody.fromBytes(data)).join();
    }

    public void delete(String key) {
        client.deleteObject(r -> r.bucket(bucket).key(key)).join();
    }

    /** This bucket's copy of {@code chunk}: a byte range of one object. */
    public ChunkLocation copyOf(ReportChunk chunk) {
        return chunk.locations().stream().filter(location -> location.bucket().equals(bucket)).findFirst()
                .orElseThrow(() -> new IllegalStateException("chunk " + chunk.index() + " has no copy in " + bucket));
    }

    /** The bytes of this bucket's copy of {@code chunk}, cut from its object. */
    public byte[] chunk(ReportChunk chunk) {
        ChunkLocation at = copyOf(chunk);
        int start = Math.toIntExact(at.offset());
        return Arrays.copyOfRange(get(at.key()), start, start + chunk.sealedSize());
    }

    /**
     * Replaces this bucket's copy of {@code chunk} with {@code bytes} inside its object, bypassing the service; the
     * object's other bytes stay (and shift, if {@code bytes} has another length).
     */
    public void putChunk(ReportChunk chunk, byte[] bytes) {
        ChunkLocation at = copyOf(chunk);
        byte[] object = get(at.key());
        int start = Math.toIntExact(at.offset());
        int end = start + chunk.sealedSize();
        byte[] changed = new byte[object.length - chunk.sealedSize() + bytes.length];
        System.arraycopy(object, 0, changed, 0, start);
        System.arraycopy(bytes, 0, changed, start, bytes.length);
        System.arraycopy(object, end, changed, start + bytes.length, object.length - end);
        put(at.key(), changed);
    }

    /** Flips one bit at {@code position} of this bucket's copy of {@code chunk}; returns the copy as it is now. */
    public byte[] flip(ReportChunk chunk, int position) {
        byte[] copy = chunk(chunk);
        copy[position] ^= 0x01;
        putChunk(chunk, copy);
        return copy;
    }

    /** Every key in the bucket. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().subscribe(o -> keys.add(o.key())).join();
        return keys;
    }

    /** The plain S3 client of this server, for baselines. */
    public S3AsyncClient client() {
        return client;
    }
}
