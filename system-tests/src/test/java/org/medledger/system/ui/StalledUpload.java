package org.medledger.system.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.localstack.MedLedgerService;
import org.medledger.system.RunningSystem;

/**
 * A doctor's upload through the gateway that sends its headers and the start of its multipart body, then nothing
 * more: report-chain-service has admitted it and holds its share of the transfer budget until the connection
 * closes. The system tests give report-chain a budget with room for one transfer (see {@link RunningSystem}), so
 * while this is open every other transfer is refused with 503 {@code transfer-capacity}.
 */
final class StalledUpload implements AutoCloseable {

    private static final Pattern RESERVED = Pattern.compile("(?m)^medledger_reports_transfer_reserved_bytes (\\S+)");

    private final Socket socket;

    private StalledUpload(Socket socket) {
        this.socket = socket;
    }

    /** Starts the upload as {@code doctor} and returns once report-chain-service has reserved its budget for it. */
    static StalledUpload start(RunningSystem system, String doctor) throws IOException {
        String token = system.token(doctor, RunningSystem.DEMO_PASSWORD);
        URI gateway = system.gateway();
        String boundary = "stalled-" + UUID.randomUUID();
        String head = "POST /api/reports HTTP/1.1\r\n"
                + "Host: " + gateway.getHost() + ":" + gateway.getPort() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + 3 * 1024 * 1024 + "\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"appointmentId\"\r\n\r\n";
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        StalledUpload upload = new StalledUpload(socket);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            upload.awaitReserved(system);
            return upload;
        } catch (IOException | RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    private void awaitReserved(RunningSystem system) {
        URI metrics = URI.create(MedLedgerService.REPORT_CHAIN.baseUrl(system.stack().config())
                + "/actuator/prometheus");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher reserved = RESERVED.matcher(system.send(HttpRequest.newBuilder(metrics).GET().build()).body());
            if (reserved.find() && Double.parseDouble(reserved.group(1)) > 0) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("report-chain-service did not admit the stalled upload within 20 s");
    }

    /** Closes the connection: the gateway and the service end the upload, and the budget is free again. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
