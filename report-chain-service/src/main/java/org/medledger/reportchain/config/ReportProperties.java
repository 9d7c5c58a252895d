package org.medledger.reportchain.config;

import org.medledger.reportchain.crypto.ChunkFormat;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How reports are chunked, streamed and limited.
 *
 * @param chunkSize plaintext bytes per chunk (the last chunk may be shorter); 4 KiB to 64 MiB. Changing it
 *     affects new reports only: each manifest records its own chunk size
 * @param maxSize largest accepted upload; a larger one is refused with 413 while it streams
 * @param chunksPerObject sealed chunks stored together in one object (per bucket); an upload writes one object
 *     while it fills the next, so it holds about {@code 2 × chunksPerObject + 4} chunks. Larger objects cost fewer
 *     S3 requests, which cost the service and the S3 server far more than the bytes do
 * @param readAhead chunks fetched and verified ahead of the one being sent during one download, half from the
 *     object being sent and half from the next
 * @param transferMemory heap all uploads and downloads together may hold in chunk buffers; a transfer that does not
 *     fit is refused with 503 {@code transfer-capacity}. Unset: half the maximum heap
 * @param warmUp start-up warm-up of the AES-GCM and SHA-256 code path
 */
@ConfigurationProperties("medledger.reports")
public record ReportProperties(
        @DefaultValue("1MB") DataSize chunkSize,
        @DefaultValue("1GB") DataSize maxSize,
        @DefaultValue("4") int chunksPerObject,
        @DefaultValue("8") int readAhead,
        DataSize transferMemory,
        @DefaultValue WarmUp warmUp) {

    /** Smallest configurable chunk size. */
    public static final long MIN_CHUNK_SIZE = 4 * 1024;

    public ReportProperties {
        long chunk = chunkSize.toBytes();
        if (chunk < MIN_CHUNK_SIZE || chunk > ChunkFormat.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("medledger.reports.chunk-size must be between 4KB and 64MB, was "
                    + chunkSize);
        }
        if (maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("medledger.reports.max-size must be positive");
        }
        if (chunksPerObject < 1 || chunksPerObject > 64) {
            throw new IllegalArgumentException("medledger.reports.chunks-per-object must be 1..64");
        }
        if (readAhead < 1 || readAhead > 64) {
            throw new IllegalArgumentException("medledger.reports.read-ahead must be 1..64");
        }
        if (transferMemory != null && transferMemory.toBytes() < 1) {
            throw new IllegalArgumentException("medledger.reports.transfer-memory must be positive");
        }
    }

    /** The transfer budget in bytes: {@code transfer-memory}, or half of {@code maxHeap} when unset. */
    public long transferMemoryBytes(long maxHeap) {
        return transferMemory != null ? transferMemory.toBytes() : maxHeap / 2;
    }

    /** The chunk size in bytes. */
    public int chunkBytes() {
        return (int) chunkSize.toBytes();
    }

    /**
     * Warm-up of the crypto path in the background at start-up: a cold JVM seals at about 100 MB/s until the JIT
     * compiles the AES-GCM intrinsics. Many small rounds reach the compile thresholds far sooner than a few
     * large ones (20,000 rounds of 16 KiB take under a second here; 700 rounds of 1 MiB take 20 s).
     *
     * @param enabled whether to warm up at all
     * @param rounds seal + hash + open rounds to run
     * @param roundSize plaintext bytes per round
     */
    public record WarmUp(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20000") int rounds,
            @DefaultValue("16KB") DataSize roundSize) {
    }
}
