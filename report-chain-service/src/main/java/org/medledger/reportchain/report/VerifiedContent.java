package org.medledger.reportchain.report;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * A report's content, ready to stream: the manifest checked, the key unwrapped and the first chunk already
 * verified (so a report damaged from its start is refused before any response header is sent).
 *
 * @param report the manifest
 * @param body the plaintext, chunk after verified chunk; errors (and so aborts the response) at the first chunk no
 *     copy of which verifies, without emitting any of its bytes. Subscribe once.
 */
public record VerifiedContent(Report report, Flux<DataBuffer> body) {

    /** The exact number of bytes {@link #body} emits when it completes. */
    public long contentLength() {
        return report.size();
    }
}
