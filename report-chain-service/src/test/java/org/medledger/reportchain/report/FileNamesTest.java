package org.medledger.reportchain.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "scan.pdf|scan.pdf",
            "../../etc/passwd|passwd",
            "C:\\Users\\doc\\Befund.pdf|Befund.pdf",
            "a<b>c:d\"ef?g*h.txt|abcdefgh.txt",
            "  report   final .pdf  |report final .pdf",
            "...hidden|hidden",
            "name.|name",
            "Befund März.pdf|Befund März.pdf",
    })
    void sanitise_keepsASafeLastSegment(String original, String expected) {
        assertThat(FileNames.sanitise(original)).isEqualTo(expected);
    }

    @Test
    void sanitise_dropsControlAndBidiCharacters() {
        assertThat(FileNames.sanitise("in\u0000voice\r\n\u202Efdp.exe")).isEqualTo("invoice fdp.exe");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"/", "...", " \t "})
    void sanitise_nothingUsable_givesTheDefault(String original) {
        assertThat(FileNames.sanitise(original)).isEqualTo(FileNames.DEFAULT_NAME);
    }

    @Test
    void sanitise_longName_isCutKeepingTheExtension() {
        String sanitised = FileNames.sanitise("x".repeat(500) + ".pdf");
        assertThat(sanitised).hasSize(FileNames.MAX_LENGTH).endsWith("x.pdf");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/pdf|application/pdf",
            "IMAGE/PNG; foo=bar|image/png",
            "text/plain; charset=utf-8|text/plain",
            "*/*|application/octet-stream",
            "image/*|application/octet-stream",
            "not a type|application/octet-stream",
    })
    void contentType_isNormalised(String declared, String expected) {
        assertThat(FileNames.contentType(declared)).isEqualTo(expected);
    }

    @Test
    void contentType_missing_isOctetStream() {
        assertThat(FileNames.contentType(null)).isEqualTo("application/octet-stream");
    }
}
