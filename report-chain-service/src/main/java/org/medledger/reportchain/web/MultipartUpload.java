package org.medledger.reportchain.web;

import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportUploads;
import org.medledger.reportchain.web.MultipartFileReader.FileHead;
import org.medledger.support.security.CurrentUser;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An upload's multipart body, read as it streams ({@link MultipartFileReader}), so the file is never buffered whole
 * (the usual multipart reader spools large parts to disk). The form field {@value #APPOINTMENT_ID} must come before
 * the part {@value #FILE} (browsers' FormData and curl keep the order they were given): the appointment is checked
 * with booking-service before the first byte of the file is read, and the rest of the body waits meanwhile.
 */
final class MultipartUpload {

    static final String APPOINTMENT_ID = "appointmentId";
    static final String FILE = "file";

    private MultipartUpload() {
    }

    static Mono<Report> store(Flux<DataBuffer> body, MediaType contentType, long maxFileBytes, long maxBodyBytes,
            CurrentUser caller, String bearerToken, ReportUploads uploads) {
        return MultipartFileReader.read(body, boundary(contentType), maxFileBytes, maxBodyBytes)
                .switchOnFirst((first, events) -> {
                    if (!(first.get() instanceof FileHead head)) {
                        // an error (or a body without a file, which the reader reports as one) before the file
                        return events.then(Mono.empty());
                    }
                    Flux<DataBuffer> file = events.skip(1).cast(DataBuffer.class);
                    return uploads.permit(caller, bearerToken, head.appointmentId())
                            .flatMap(permit -> uploads.store(permit, head.fileName(), head.contentType(), file));
                })
                .cast(Report.class)
                .single();
    }

    private static String boundary(MediaType contentType) {
        String boundary = contentType == null ? null : contentType.getParameter("boundary");
        if (boundary != null && boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
            return boundary.substring(1, boundary.length() - 1);
        }
        return boundary;
    }
}
