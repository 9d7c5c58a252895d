package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.chunking.PlainChunk;
import org.medledger.reportchain.chunking.ReportSealer;
import org.medledger.reportchain.chunking.SealedChunk;
import org.medledger.reportchain.crypto.ChunkFormat;
import org.medledger.reportchain.crypto.DataKey;
import org.medledger.reportchain.storage.ChunkLocation;

/** Every single edit of a good manifest is caught before any chunk is fetched. */
class ManifestCheckTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int CHUNK = 16;
    private static final String ZERO = "00".repeat(32);

    /** A consistent manifest of a 40-byte report in chunks of 16. */
    static Report good() {
        UUID id = UUID.randomUUID();
        ChunkMemory memory = new ChunkMemory();
        ReportSealer sealer = new ReportSealer(id, DataKey.generate(), memory);
        List<ReportChunk> chunks = new ArrayList<>();
        int[] sizes = {16, 16, 8};
        for (int i = 0; i < 3; i++) {
            byte[] buffer = memory.allocate(CHUNK);
            SealedChunk sealed = sealer.seal(new PlainChunk(i, buffer, sizes[i], i == 2));
            chunks.add(new ReportChunk(i, sizes[i], sealed.sealed().length, HEX.formatHex(sealed.sha256()),
                    HEX.formatHex(sealed.link()), List.of(new ChunkLocation("a", "reports-a", "c/" + "0".repeat(32), 0L))));
        }
        return new Report(id.toString(), "appt", "pat", "doc", ReportStatus.STORED, "f", "application/pdf", 40, CHUNK,
                3, ChunkFormat.VERSION, "mirror", HEX.formatHex(sealer.chainHead()), HEX.formatHex(sealer.merkleRoot()),
                null, null, List.of(), chunks, "ledger", Instant.now(), List.of());
    }

    static Report with(Report r, UnaryOperator<List<ReportChunk>> chunks) {
        return new Report(r.id(), r.appointmentId(), r.patientId(), r.doctorId(), r.status(), r.fileName(),
                r.contentType(), r.size(), r.chunkSize(), r.chunkCount(), r.chunkFormat(), r.placement(), r.chainHead(),
                r.rootHash(), r.plaintextSalt(), r.key(), r.keyHistory(), chunks.apply(new ArrayList<>(r.chunks())), r.ledgerEntryId(),
                r.createdAt(), r.outbox());
    }

    static Report withTop(Report r, long size, int chunkCount, String placement, int format, String head, String root) {
        return new Report(r.id(), r.appointmentId(), r.patientId(), r.doctorId(), r.status(), r.fileName(),
                r.contentType(), size, r.chunkSize(), chunkCount, format, placement, head, root, r.plaintextSalt(), r.key(), r.keyHistory(),
                r.chunks(), r.ledgerEntryId(), r.createdAt(), r.outbox());
    }

    static ReportChunk chunk(ReportChunk c, int index, int size, int sealedSize, String hash, String link,
            List<ChunkLocation> locations) {
        return new ReportChunk(index, size, sealedSize, hash, link, locations);
    }

    static Stream<Arguments> edits() {
        Report r = good();
        ReportChunk c1 = r.chunks().get(1);
        return Stream.of(
                Arguments.of("chunk hash", with(r, l -> {
                    l.set(1, chunk(c1, 1, 16, 32, ZERO, c1.link(), c1.locations()));
                    return l;
                })),
                Arguments.of("chunk link", with(r, l -> {
                    l.set(1, chunk(c1, 1, 16, 32, c1.hash(), ZERO, c1.locations()));
                    return l;
                })),
                Arguments.of("chunk index", with(r, l -> {
                    l.set(1, chunk(c1, 2, 16, 32, c1.hash(), c1.link(), c1.locations()));
                    return l;
                })),
                Arguments.of("chunk size", with(r, l -> {
                    l.set(1, chunk(c1, 1, 15, 31, c1.hash(), c1.link(), c1.locations()));
                    return l;
                })),
                Arguments.of("sealed size", with(r, l -> {
                    l.set(1, chunk(c1, 1, 16, 33, c1.hash(), c1.link(), c1.locations()));
                    return l;
                })),
                Arguments.of("no locations", with(r, l -> {
                    l.set(1, chunk(c1, 1, 16, 32, c1.hash(), c1.link(), List.of()));
                    return l;
                })),
                Arguments.of("malformed hash", with(r, l -> {
                    l.set(1, chunk(c1, 1, 16, 32, "zz" + c1.hash().substring(2), c1.link(), c1.locations()));
                    return l;
                })),
                Arguments.of("swapped chunks", with(r, l -> {
                    ReportChunk c0 = l.get(0);
                    l.set(0, chunk(c1, 0, 16, 32, c1.hash(), c1.link(), c1.locations()));
                    l.set(1, chunk(c0, 1, 16, 32, c0.hash(), c0.link(), c0.locations()));
                    return l;
                })),
                Arguments.of("chunk dropped", with(r, l -> {
                    l.remove(2);
                    return l;
                })),
                Arguments.of("size", withTop(r, 41, 3, "mirror", ChunkFormat.VERSION, r.chainHead(), r.rootHash())),
                Arguments.of("chunk count", withTop(r, 40, 4, "mirror", ChunkFormat.VERSION, r.chainHead(),
                        r.rootHash())),
                Arguments.of("placement", withTop(r, 40, 3, "erasure", ChunkFormat.VERSION, r.chainHead(),
                        r.rootHash())),
                Arguments.of("format", withTop(r, 40, 3, "mirror", 2, r.chainHead(), r.rootHash())),
                Arguments.of("chain head", withTop(r, 40, 3, "mirror", ChunkFormat.VERSION, ZERO, r.rootHash())),
                Arguments.of("root", withTop(r, 40, 3, "mirror", ChunkFormat.VERSION, r.chainHead(), ZERO)));
    }

    @Test
    void verify_consistentManifest_passes() {
        assertThatCode(() -> ManifestCheck.verify(good(), "mirror")).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void verify_editedManifest_isInconsistent(String edit, Report edited) {
        assertThatThrownBy(() -> ManifestCheck.verify(edited, "mirror"))
                .isInstanceOf(ManifestCheck.ManifestInconsistentException.class);
    }
}
