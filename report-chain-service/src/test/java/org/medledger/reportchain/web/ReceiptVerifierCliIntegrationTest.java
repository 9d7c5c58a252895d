package org.medledger.reportchain.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.testing.FakeBookingService;
import org.medledger.reportchain.testing.ReportApi;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.TestData;
import org.medledger.reportchain.testing.TestTokens;
import org.medledger.verifier.Main;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The ledger-verifier's {@code verify-receipt}, run in process on what a patient really gets from this service: the
 * downloaded file, the receipt JSON and the public-key JSON exactly as served.
 */
@ReportChainIntegrationTest
class ReceiptVerifierCliIntegrationTest {

  private static final int MIB = 1024 * 1024;

  @Autowired
  WebTestClient webTestClient;

  @TempDir
  Path dir;

  @Test
  void verifyReceipt_downloadedReport_ok_sameFileWithOneByteChanged_failed() throws IOException {
    ReportApi api = new ReportApi(webTestClient);
    String doctor = "doc-" + UUID.randomUUID();
    String patient = "pat-" + UUID.randomUUID();
    String appointment = "appt-" + UUID.randomUUID();
    FakeBookingService.instance().appointment(appointment, doctor, patient, "COMPLETED");
    String patientToken = TestTokens.token(patient, "patient");
    String id = (String) api.uploaded(TestTokens.token(doctor, "doctor"), appointment, "scan.pdf",
        TestData.bytes(21, 2 * MIB + 77)).get("id");

    String receiptPath = "/api/reports/" + id + "/receipt";
    await().atMost(Duration.ofSeconds(20)).until(() -> api.json(patientToken, receiptPath).get("ledger") != null);
    Path receipt = Files.writeString(dir.resolve("receipt.json"), body(api, patientToken, receiptPath));
    Path key = Files.writeString(dir.resolve("ledger-key.json"), body(api, patientToken, "/api/ledger/public-key"));
    byte[] downloaded = api.download(patientToken, id);
    Path file = Files.write(dir.resolve("scan.pdf"), downloaded);

    // the ledger, public to every user, commits to the file only through the salted commitment
    assertThat(Files.readString(receipt)).doesNotContain(HexFormat.of().formatHex(Sha256.digest(downloaded)));

    Run good = run("verify-receipt", file.toString(), receipt.toString(), key.toString());
    assertThat(good.status()).as(good.err()).isEqualTo(Main.OK);
    assertThat(good.out()).startsWith("OK scan.pdf").contains("is report " + id).doesNotContain("\n" + "OK");

    downloaded[MIB + 5] ^= 1;
    Path changed = Files.write(dir.resolve("changed.pdf"), downloaded);
    Run bad = run("verify-receipt", changed.toString(), receipt.toString(), key.toString());
    assertThat(bad.status()).isEqualTo(Main.FAILED);
    assertThat(bad.err()).startsWith("FAILED changed.pdf").contains("receipt mismatch")
        .contains("commitment to the report file");
    assertThat(bad.out()).isEmpty();

    Map<String, Object> served = api.json(patientToken, receiptPath);
    assertThat(served.toString()).doesNotContain(patient);
  }

  private static String body(ReportApi api, String token, String path) {
    return api.get(token, path).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
  }

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
