package org.medledger.reportchain.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.reportchain.report.PayloadTooLargeException;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.web.MultipartFileReader.FileHead;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import reactor.core.publisher.Flux;

class MultipartFileReaderTest {

    private static final String BOUNDARY = "----MedLedgerBoundary7MA4YWxkTrZu0gW";
    private static final long LIMIT = 1 << 24;

    @ParameterizedTest(name = "network buffers of up to {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 41, 42, 43, 64, 1000, 65536})
    void fileBytes_passThroughExactly_howeverTheBodyIsCut(int pieceSize) {
        // content full of near-delimiters: CRLF, dashes and every prefix of the real delimiter
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        String delimiter = "\r\n--" + BOUNDARY;
        for (int i = 1; i < delimiter.length(); i++) {
            content.writeBytes(delimiter.substring(0, i).getBytes(StandardCharsets.US_ASCII));
            content.writeBytes("x\r\n-".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] random = new byte[200_000];
        new Random(7).nextBytes(random);
        content.writeBytes(random);
        content.writeBytes("\r\n--".getBytes(StandardCharsets.US_ASCII));
        byte[] file = content.toByteArray();

        Read read = read(body(file, "report.pdf", "application/pdf"), pieceSize);

        assertThat(read.head()).isEqualTo(new FileHead("appt-1", "report.pdf", "application/pdf"));
        assertThat(read.file()).isEqualTo(file);
    }

    @Test
    void preambleEpilogueAndOtherParts_areReadPast() {
        String body = "This is the preamble.\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"appointmentId\"\r\n\r\n  appt-2 \r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\n\r\nPNG\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nafter\r\n--" + BOUNDARY
                + "--\r\nThis is the epilogue.";

        Read read = read(body.getBytes(StandardCharsets.UTF_8), 5);

        assertThat(read.head()).isEqualTo(new FileHead("appt-2", "scan.png", null));
        assertThat(new String(read.file(), StandardCharsets.UTF_8)).isEqualTo("PNG");
    }

    @Test
    void anEmptyFile_givesItsHeadAndNoBytes() {
        Read read = read(body(new byte[0], "empty.txt", "text/plain"), 8);

        assertThat(read.head().fileName()).isEqualTo("empty.txt");
        assertThat(read.file()).isEmpty();
    }

    @Test
    void aBodyCutShort_isMalformed() {
        byte[] whole = body("complete report".getBytes(StandardCharsets.US_ASCII), "r.txt", "text/plain");
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);

        assertProblem(cut, "malformed-multipart");
    }

    @Test
    void partWithoutContentDisposition_isMalformed() {
        assertProblem(("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII), "malformed-multipart");
    }

    @Test
    void headersWithoutEnd_areMalformed() {
        String endless = "--" + BOUNDARY + "\r\nX-Filler: " + "a".repeat(40_000);

        assertProblem(endless.getBytes(StandardCharsets.US_ASCII), "malformed-multipart");
    }

    @Test
    void fileBeforeAppointmentId_twoFiles_noFile_areInvalid() {
        String fileFirst = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + "x\r\n--" + BOUNDARY + "--\r\n";
        assertProblem(fileFirst.getBytes(StandardCharsets.US_ASCII), "invalid-upload");

        String twoFiles = new String(body("x".getBytes(StandardCharsets.US_ASCII), "a", null), StandardCharsets.US_ASCII)
                .replace("--" + BOUNDARY + "--\r\n", "--" + BOUNDARY + "\r\nContent-Disposition: form-data; "
                        + "name=\"file\"; filename=\"b\"\r\n\r\ny\r\n--" + BOUNDARY + "--\r\n");
        assertProblem(twoFiles.getBytes(StandardCharsets.US_ASCII), "invalid-upload");

        String noFile = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"appointmentId\"\r\n\r\nappt\r\n--"
                + BOUNDARY + "--\r\n";
        assertProblem(noFile.getBytes(StandardCharsets.US_ASCII), "invalid-upload");
    }

    @Test
    void aBodyOverTheLimit_isTooLarge_evenInPartsThatAreNotKept() {
        String junk = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"junk\"\r\n\r\n" + "j".repeat(5000);
        Flux<DataBuffer> body = pieces(junk.getBytes(StandardCharsets.US_ASCII), 100);

        assertThatThrownBy(() -> MultipartFileReader.read(body, BOUNDARY, 1000, 4096).collectList().block())
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @ParameterizedTest(name = "network buffers of {0} bytes")
    @ValueSource(ints = {1, 7, 43, 97, 8192})
    void fileBytes_passOnAsSlicesOfTheNetworkBuffers_notAsCopies(int pieceSize) {
        byte[] file = new byte[100_000];
        new Random(pieceSize).nextBytes(file);
        List<NettyDataBuffer> issued = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<DataBuffer> copied = new ArrayList<>();

        MultipartFileReader.read(TestData.requestBody(body(file, "r.bin", null), pieceSize, issued), BOUNDARY,
                LIMIT, LIMIT).skip(1).cast(DataBuffer.class).doOnNext(buffer -> {
                    // the network buffer a slice comes from is among the last few issued (the reader prefetches 4)
                    List<NettyDataBuffer> recent = issued.subList(Math.max(0, issued.size() - 8), issued.size());
                    if (!(buffer instanceof NettyDataBuffer slice && recent.stream().anyMatch(network ->
                            memoryOf(network.getNativeBuffer()) == memoryOf(slice.getNativeBuffer())))) {
                        copied.add(buffer);
                    }
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    received.writeBytes(bytes);
                    DataBufferUtils.release(buffer);
                }).blockLast();

        assertThat(received.toByteArray()).isEqualTo(file);
        // only bytes held back as a possible start of the delimiter, never longer than it, are copies
        assertThat(copied).allSatisfy(buffer -> assertThat(buffer.capacity()).isLessThan(BOUNDARY.length() + 4));
        assertThat(copied.size()).isLessThan(issued.size() / 4 + 2);
        assertThat(issued).allSatisfy(buffer -> assertThat(buffer.getNativeBuffer().refCnt()).isEqualTo(1));
        issued.forEach(DataBufferUtils::release); // the test's own reference
    }

    @Test
    void everyNetworkBuffer_isReleasedExactlyOnce_whenReadAndWhenRefused() {
        List<NettyDataBuffer> issued = new ArrayList<>();
        byte[] good = body(new byte[5000], "r.bin", null);
        MultipartFileReader.read(TestData.requestBody(good, 97, issued), BOUNDARY, LIMIT, LIMIT)
                .doOnNext(event -> { // as the upload does: each slice of the file is released once copied
                    if (event instanceof DataBuffer slice) {
                        DataBufferUtils.release(slice);
                    }
                })
                .blockLast();

        String fileFirst = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + "x".repeat(5000) + "\r\n--" + BOUNDARY + "--\r\n";
        assertThatThrownBy(() -> MultipartFileReader.read(TestData.requestBody(
                fileFirst.getBytes(StandardCharsets.US_ASCII), 97, issued), BOUNDARY, LIMIT, LIMIT).blockLast())
                .isInstanceOf(InvalidRequestException.class);

        assertThat(issued).hasSizeGreaterThan(50)
                .allSatisfy(buffer -> assertThat(buffer.getNativeBuffer().refCnt()).isEqualTo(1));
        issued.forEach(DataBufferUtils::release); // the test's own reference
    }

    @Test
    void aContentTypeWithoutBoundary_isMalformed() {
        assertThatThrownBy(() -> MultipartFileReader.read(Flux.empty(), null, LIMIT, LIMIT).blockLast())
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.type().toString()).endsWith("/malformed-multipart"));
    }

    /** The buffer whose memory {@code buffer} shows (through slices and leak-detection wrappers). */
    private static ByteBuf memoryOf(ByteBuf buffer) {
        ByteBuf memory = buffer;
        while (memory.unwrap() != null) {
            memory = memory.unwrap();
        }
        return memory;
    }

    private static void assertProblem(byte[] body, String type) {
        assertThatThrownBy(() -> read(body, 13))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.type().toString()).endsWith("/" + type));
    }

    private record Read(FileHead head, byte[] file) {
    }

    private static Read read(byte[] body, int pieceSize) {
        List<Object> events = MultipartFileReader.read(pieces(body, pieceSize), BOUNDARY, LIMIT, LIMIT)
                .collectList().block();
        assertThat(events).isNotEmpty();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (Object event : events.subList(1, events.size())) {
            DataBuffer buffer = (DataBuffer) event;
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            file.writeBytes(bytes);
        }
        return new Read((FileHead) events.getFirst(), file.toByteArray());
    }

    /** The body as network buffers of 1 to {@code maxPiece} bytes. */
    private static Flux<DataBuffer> pieces(byte[] body, int maxPiece) {
        Random random = new Random(maxPiece);
        List<DataBuffer> pieces = new ArrayList<>();
        for (int from = 0; from < body.length; ) {
            int length = Math.min(body.length - from, 1 + random.nextInt(maxPiece));
            pieces.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(body, from, from + length)));
            from += length;
        }
        return Flux.fromIterable(pieces);
    }

    private static byte[] body(byte[] file, String fileName, String contentType) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"appointmentId\"\r\n\r\nappt-1\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }
}
