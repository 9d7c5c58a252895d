package org.medledger.reportchain.web;

import java.util.concurrent.atomic.AtomicReference;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportUploads;
import org.medledger.reportchain.report.UploadPermit;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads an upload's multipart body as a stream of {@link PartEvent}s, so the file is never buffered whole (the
 * usual multipart reader spools large parts to disk). The form field {@value #APPOINTMENT_ID} must come before
 * the part {@value #FILE} (browsers' FormData and curl keep the order they were given): the appointment is checked
 * with booking-service before the first byte of the file is read. Other parts are skipped.
 */
final class MultipartUpload {

    static final String APPOINTMENT_ID = "appointmentId";
    static final String FILE = "file";
    /** Part events requested ahead while splitting the body into parts; keeps the read-ahead small. */
    private static final int PREFETCH = 8;

    private MultipartUpload() {
    }

    static Mono<Report> store(Flux<PartEvent> parts, CurrentUser caller, String bearerToken, ReportUploads uploads) {
        AtomicReference<UploadPermit> permit = new AtomicReference<>();
        AtomicReference<Report> stored = new AtomicReference<>();
        return parts
                .windowUntil(PartEvent::isLast, false, PREFETCH)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (!first.hasValue()) {
                        return events.then();
                    }
                    PartEvent event = first.get();
                    if (event instanceof FormPartEvent form && APPOINTMENT_ID.equals(form.name())) {
                        if (permit.get() != null || stored.get() != null) {
                            return release(events).then(Mono.error(invalid("appointmentId is given twice, or after "
                                    + "the file.")));
                        }
                        return release(events).then(uploads.permit(caller, bearerToken, form.value().trim()))
                                .doOnNext(permit::set)
                                .then();
                    }
                    if (event instanceof FilePartEvent file && FILE.equals(file.name())) {
                        if (stored.get() != null) {
                            return release(events).then(Mono.error(invalid("Only one file per report.")));
                        }
                        if (permit.get() == null) {
                            return release(events).then(Mono.error(invalid(
                                    "The form field appointmentId must come before the file part.")));
                        }
                        MediaType type = file.headers().getContentType();
                        Flux<DataBuffer> content = events.map(PartEvent::content);
                        return uploads.store(permit.get(), file.filename(), type == null ? null : type.toString(),
                                        content)
                                .doOnNext(stored::set)
                                .then();
                    }
                    return release(events).then();
                }), 0)
                .doOnDiscard(PartEvent.class, event -> DataBufferUtils.release(event.content()))
                .then(Mono.defer(() -> {
                    if (stored.get() != null) {
                        return Mono.just(stored.get());
                    }
                    return Mono.error(invalid(permit.get() == null
                            ? "The request needs the form field appointmentId and the file part file."
                            : "The request has no file part named file."));
                }));
    }

    private static Mono<Void> release(Flux<PartEvent> events) {
        return events.doOnNext(event -> DataBufferUtils.release(event.content())).then();
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("invalid-upload", detail);
    }
}
