package org.medledger.reportchain.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.medledger.reportchain.chunking.TransferBudget;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.crypto.ChunkFormat;
import org.medledger.reportchain.report.Report;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Admits uploads and downloads into the {@link TransferBudget}: each reserves the chunk buffers it can hold at most
 * before any of its work starts, or is refused with 503 {@code transfer-capacity} and a {@code Retry-After}, having
 * changed nothing (a download is refused before its download token is spent).
 *
 * <p>The reservation is kept on the exchange and given back by this filter when the exchange ends, however it
 * ends: response written, client gone, error, or a response body that was never subscribed to.
 */
public class TransferAdmission implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(TransferAdmission.class);
    private static final String RESERVATION = TransferAdmission.class.getName() + ".reservation";
    /** About the time a transfer of a few hundred MiB takes here. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final TransferBudget budget;
    private final ReportProperties properties;
    private final Counter refusedUploads;
    private final Counter refusedDownloads;

    public TransferAdmission(TransferBudget budget, ReportProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        this.budget = budget;
        this.properties = properties;
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        this.refusedUploads = refusals(meters, "upload");
        this.refusedDownloads = refusals(meters, "download");
    }

    private static Counter refusals(MeterRegistry meters, String kind) {
        return Counter.builder("medledger.reports.transfer.refused")
                .description("Transfers refused because the transfer budget was spent")
                .tag("kind", kind)
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).doFinally(signal -> {
            TransferBudget.Reservation reservation = exchange.getAttribute(RESERVATION);
            if (reservation != null) {
                reservation.close();
            }
        });
    }

    /**
     * Admits an upload declaring {@code contentLength} bytes (-1 when unknown): a chunk filling, one held back, one
     * queued for sealing, one being sealed, an object of {@code chunks-per-object} chunks being written and the next
     * one filling; or fewer for a small file.
     */
    void admitUpload(ServerWebExchange exchange, long contentLength) {
        long chunk = ChunkFormat.sealedLength(properties.chunkBytes());
        long chunks = 2L * properties.chunksPerObject() + 4;
        if (contentLength >= 0) {
            // each chunk of the file, plaintext and sealed, and the buffer that is filling
            chunks = Math.min(chunks, 2 * Math.ceilDiv(contentLength, properties.chunkBytes()) + 1);
        }
        reserve(exchange, chunks * chunk, refusedUploads, "upload");
    }

    /**
     * Admits a download before its report is known (a download token is spent by the gate that finds it), for the
     * largest need of a report in today's chunk size; {@link #fitDownload} then sets the report's own need.
     */
    void admitDownload(ServerWebExchange exchange) {
        reserve(exchange, downloadNeed(properties.chunkBytes(), Integer.MAX_VALUE), refusedDownloads, "download");
    }

    /** Sets the admitted download's reservation to what {@code report} needs: it may have another chunk size. */
    void fitDownload(ServerWebExchange exchange, Report report) {
        exchange.<TransferBudget.Reservation>getRequiredAttribute(RESERVATION)
                .resize(downloadNeed(report.chunkSize(), report.chunkCount()));
    }

    /**
     * The chunks fetched and verified ahead, for each of the two objects streaming one being cut from its body and
     * one queued, and the one being sent; or every chunk of a short report.
     */
    private long downloadNeed(int chunkSize, int chunkCount) {
        long chunks = Math.min(properties.readAhead() + 5L, chunkCount + 1L);
        return chunks * ChunkFormat.sealedLength(chunkSize);
    }

    private void reserve(ServerWebExchange exchange, long bytes, Counter refused, String kind) {
        if (exchange.getAttribute(RESERVATION) != null) {
            throw new IllegalStateException("a request reserves its transfer once");
        }
        TransferBudget.Reservation reservation = budget.tryReserve(bytes).orElseThrow(() -> {
            refused.increment();
            log.warn("{} refused: the transfer budget ({} of {} bytes reserved) has no room for {} bytes", kind,
                    budget.reservedBytes(), budget.limitBytes(), bytes);
            return new ServiceUnavailableException("transfer-capacity", "The service is moving as many reports as "
                    + "its memory allows. Nothing was changed; try again in a few seconds.", RETRY_AFTER);
        });
        exchange.getAttributes().put(RESERVATION, reservation);
    }
}
