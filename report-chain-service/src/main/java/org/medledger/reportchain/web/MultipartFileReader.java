package org.medledger.reportchain.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medledger.reportchain.report.PayloadTooLargeException;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads an upload's {@code multipart/form-data} body (RFC 7578) as it streams: the form field
 * {@value MultipartUpload#APPOINTMENT_ID}, then the part {@value MultipartUpload#FILE}, whose bytes pass straight on.
 * Emits one {@link FileHead} when the file part's headers have been read, then the file's bytes as
 * {@link DataBuffer}s, and completes at the closing delimiter. Other parts are read past without being kept.
 *
 * <p>Why not Spring's {@code PartEventHttpMessageReader}: it runs every network buffer through a long chain of
 * operators and scans for the boundary byte by byte through {@code DataBuffer.getByte}, which cost a third of the
 * upload throughput in the benchmark; a 256 MiB upload also once failed in it on a buffer that had already been
 * released. Here each network buffer is copied into one reusable array to be read, and the delimiter is found
 * there with a Boyer-Moore-Horspool search, which looks at about one byte in the delimiter's length. The file's
 * bytes pass on as slices of the network buffers ({@link DataBuffer#split}), not as copies: a new array per network
 * buffer was most of what an upload allocated, and with a small heap the collections it caused cost a tenth of the
 * service's CPU. Only the few bytes held back between two buffers (a possible start of the delimiter) are copied.
 *
 * <p>Errors, as problems: a malformed body ({@code malformed-multipart}), fields in the wrong order or twice, a
 * second file, no file ({@code invalid-upload}), a body larger than {@code maxBodyBytes} ({@code 413}).
 */
final class MultipartFileReader {

    /** The file part's description, emitted before its first byte. */
    record FileHead(String appointmentId, String fileName, String contentType) {
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] BLANK_LINE = {'\r', '\n', '\r', '\n'};
    private static final byte[] NOTHING = new byte[0];
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_FIELD_BYTES = 256;

    private enum State { BODY, AFTER_DELIMITER, HEADERS, EPILOGUE }

    private enum Part { PREAMBLE, APPOINTMENT_ID, FILE, OTHER }

    private final byte[] delimiter;
    private final int[] skip;
    private final long maxFileBytes;
    private final long maxBodyBytes;
    private State state = State.BODY;
    private Part part = Part.PREAMBLE;
    /** Bytes of the previous buffer not yet decided (a possible start of the delimiter, a partial header block). */
    private byte[] carry = CRLF;
    /** The bytes being read: {@link #carry}, then the network buffer's, up to {@link #limit}; reused. */
    private byte[] scratch = NOTHING;
    private int limit;
    /** The network buffer being read, and where in {@link #scratch} the part of it not yet passed on starts. */
    private DataBuffer network;
    private int networkStart;
    private long bodyBytes;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();
    private String appointmentId;
    private boolean fileSeen;

    private MultipartFileReader(String boundary, long maxFileBytes, long maxBodyBytes) {
        // the stream is read as if it began with CRLF, so a first delimiter at the very start matches too
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.skip = new int[256];
        Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        this.maxFileBytes = maxFileBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param boundary the boundary parameter of the request's content type (1 to 70 characters, RFC 2046)
     * @param maxFileBytes the largest file accepted, named in the 413 problem
     * @param maxBodyBytes the largest body read, framing and other parts included
     * @return {@link FileHead}, then the file's {@link DataBuffer}s
     */
    static Flux<Object> read(Flux<DataBuffer> body, String boundary, long maxFileBytes, long maxBodyBytes) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(boundary)) {
            return Flux.error(malformed("The content type names no valid multipart boundary."));
        }
        return Flux.defer(() -> {
            MultipartFileReader reader = new MultipartFileReader(boundary, maxFileBytes, maxBodyBytes);
            return body.concatMapIterable(reader::accept, 4)
                    .concatWith(Mono.fromRunnable(reader::finish))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    /**
     * Releases {@code buffer} once read. Not when this throws: the operator then discards the buffer, and the discard
     * hook releases it (releasing here too would release it twice).
     */
    private List<Object> accept(DataBuffer buffer) {
        int readable = buffer.readableByteCount();
        bodyBytes += readable;
        if (bodyBytes > maxBodyBytes) {
            throw new PayloadTooLargeException(maxFileBytes);
        }
        limit = carry.length + readable;
        if (scratch.length < limit) {
            scratch = new byte[Math.max(limit, 2 * scratch.length)];
        }
        byte[] data = scratch;
        System.arraycopy(carry, 0, data, 0, carry.length);
        buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(data), carry.length, readable);
        network = buffer;
        networkStart = carry.length;
        carry = NOTHING;
        List<Object> out = new ArrayList<>(2);
        try {
            int position = 0;
            while (position < limit) {
                int next = switch (state) {
                    case BODY -> body(data, position, out);
                    case AFTER_DELIMITER -> afterDelimiter(data, position);
                    case HEADERS -> headers(data, position, out);
                    case EPILOGUE -> limit;
                };
                if (next < 0) {
                    carry = Arrays.copyOfRange(data, position, limit);
                    break;
                }
                position = next;
            }
        } catch (RuntimeException e) {
            out.forEach(emitted -> {
                if (emitted instanceof DataBuffer slice) {
                    DataBufferUtils.release(slice);
                }
            });
            throw e;
        } finally {
            network = null;
        }
        DataBufferUtils.release(buffer); // the slices passed on hold references of their own
        return out;
    }

    /** Content up to the next delimiter; at the end of the data, holds back what may be the delimiter's start. */
    private int body(byte[] data, int from, List<Object> out) {
        int match = indexOfDelimiter(data, from);
        if (match >= 0) {
            content(data, from, match, out);
            endOfPart();
            state = State.AFTER_DELIMITER;
            return match + delimiter.length;
        }
        int undecided = delimiterPrefixAtEnd(data, from);
        content(data, from, limit - undecided, out);
        if (undecided > 0) {
            carry = Arrays.copyOfRange(data, limit - undecided, limit);
        }
        return limit;
    }

    /** "--" closes the body; otherwise optional white space, then CRLF, then the next part's headers. */
    private int afterDelimiter(byte[] data, int from) {
        int position = from;
        if (limit - position < 2) {
            return -1;
        }
        if (data[position] == '-' && data[position + 1] == '-') {
            state = State.EPILOGUE;
            return limit;
        }
        while (position < limit && (data[position] == ' ' || data[position] == '\t')) {
            position++;
        }
        if (limit - position < 2) {
            return -1;
        }
        if (data[position] != '\r' || data[position + 1] != '\n') {
            throw malformed("A multipart delimiter is not followed by a line break.");
        }
        state = State.HEADERS;
        // the header block is read from this CRLF on, so an empty block is CRLF CRLF like any other
        return position;
    }

    private int headers(byte[] data, int from, List<Object> out) {
        int end = indexOf(data, from, BLANK_LINE);
        if (end < 0) {
            if (limit - from > MAX_HEADER_BYTES) {
                throw malformed("A part's headers are longer than " + MAX_HEADER_BYTES + " bytes.");
            }
            return -1;
        }
        String block = new String(data, from + 2, Math.max(0, end - from - 2), StandardCharsets.UTF_8);
        startPart(parseHeaders(block), out);
        state = State.BODY;
        return end + 4;
    }

    private static HttpHeaders parseHeaders(String block) {
        HttpHeaders headers = new HttpHeaders();
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("A part has a header line without a name.");
            }
            headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private void startPart(HttpHeaders headers, List<Object> out) {
        String disposition = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
        if (disposition == null) {
            throw malformed("A part has no Content-Disposition header.");
        }
        ContentDisposition parsed;
        try {
            parsed = ContentDisposition.parse(disposition);
        } catch (IllegalArgumentException e) {
            throw malformed("A part's Content-Disposition header cannot be read.");
        }
        String name = parsed.getName();
        if (MultipartUpload.APPOINTMENT_ID.equals(name) && parsed.getFilename() == null) {
            if (appointmentId != null || fileSeen) {
                throw invalid("appointmentId is given twice, or after the file.");
            }
            part = Part.APPOINTMENT_ID;
            field.reset();
        } else if (MultipartUpload.FILE.equals(name) && parsed.getFilename() != null) {
            if (fileSeen) {
                throw invalid("Only one file per report.");
            }
            if (appointmentId == null) {
                throw invalid("The form field appointmentId must come before the file part.");
            }
            fileSeen = true;
            part = Part.FILE;
            out.add(new FileHead(appointmentId, parsed.getFilename(), headers.getFirst(HttpHeaders.CONTENT_TYPE)));
        } else {
            part = Part.OTHER;
        }
    }

    private void content(byte[] data, int from, int to, List<Object> out) {
        if (to <= from) {
            return;
        }
        switch (part) {
            case FILE -> {
                int carried = Math.min(to, networkStart);
                if (from < carried) { // held back from the previous buffer, then found not to be the delimiter
                    out.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(data, from, carried)));
                }
                int start = Math.max(from, networkStart);
                if (start < to) {
                    out.add(sliceOfNetwork(start, to));
                }
            }
            case APPOINTMENT_ID -> {
                if (field.size() + to - from > MAX_FIELD_BYTES) {
                    throw invalid("appointmentId is longer than " + MAX_FIELD_BYTES + " bytes.");
                }
                field.write(data, from, to - from);
            }
            case PREAMBLE, OTHER -> {
            }
        }
    }

    /**
     * The network buffer's bytes at {@code [from, to)} of {@link #scratch}, cut off the front of what is left of it:
     * content ranges come in order and never overlap.
     */
    private DataBuffer sliceOfNetwork(int from, int to) {
        network.readPosition(network.readPosition() + from - networkStart);
        networkStart = to;
        return network.split(network.readPosition() + to - from);
    }

    private void endOfPart() {
        if (part == Part.APPOINTMENT_ID) {
            appointmentId = field.toString(StandardCharsets.UTF_8).trim();
        }
        part = Part.OTHER;
    }

    private void finish() {
        if (state != State.EPILOGUE) {
            throw malformed("The multipart body ends before its closing delimiter.");
        }
        if (!fileSeen) {
            throw invalid(appointmentId == null
                    ? "The request needs the form field appointmentId and the file part file."
                    : "The request has no file part named file.");
        }
    }

    /** Boyer-Moore-Horspool: the first delimiter at or after {@code from}, or -1. */
    private int indexOfDelimiter(byte[] data, int from) {
        int last = delimiter.length - 1;
        int position = from;
        while (position + last < limit) {
            int i = last;
            while (data[position + i] == delimiter[i]) {
                if (i == 0) {
                    return position;
                }
                i--;
            }
            position += skip[data[position + last] & 0xff];
        }
        return -1;
    }

    /** The length of the longest tail of {@code data[from..]} that is a start of the delimiter (shorter than it). */
    private int delimiterPrefixAtEnd(byte[] data, int from) {
        for (int length = Math.min(delimiter.length - 1, limit - from); length > 0; length--) {
            if (Arrays.equals(data, limit - length, limit, delimiter, 0, length)) {
                return length;
            }
        }
        return 0;
    }

    private int indexOf(byte[] data, int from, byte[] needle) {
        outer:
        for (int i = from; i <= limit - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static InvalidRequestException malformed(String detail) {
        return new InvalidRequestException("malformed-multipart", detail + " Nothing was stored.");
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("invalid-upload", detail);
    }
}
