package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.medledger.reportchain.testing.TestTokens;
import org.medledger.support.security.CurrentUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/ledger/keys/rotate} in the whole service: only admins rotate; the old key signs up to the
 * announcement, the new one after it; the whole stored ledger and receipts issued before still verify from the first
 * key alone; concurrent rotations make one key; an announcement no one can honour is never sealed.
 */
@ReportChainIntegrationTest
class LedgerKeyRotationIntegrationTest {

  private static final Duration SEALED = Duration.ofSeconds(20);
  private static final String ADMIN = TestTokens.token("admin-1", "admin");

  @Autowired WebTestClient webTestClient;
  @Autowired Ledger ledger;
  @Autowired LedgerStore store;
  @Autowired ReceiptService receipts;
  @Autowired LedgerKeyRotations rotations;
  @Autowired LedgerSigningKeys keys;
  @Autowired ReactiveMongoTemplate mongo;

  @Test
  void rotate_byNonAdmin_isForbidden() {
    for (String role : new String[] {"doctor", "patient", "auditor"}) {
      webTestClient.post().uri("/api/ledger/keys/rotate")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token("u-" + role, role))
          .exchange()
          .expectStatus().isForbidden()
          .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/role-required");
    }
  }

  @Test
  void rotate_byAdmin_newKeySignsLaterBlocks_oldBlocksAndEarlierReceiptsStillVerify() {
    LedgerEntry before = sealedEntry();
    LedgerReceipt receiptBefore = receipts.receiptForEntry(before.id()).block();
    PublishedLedgerKeys keysBefore = publishedKeys();

    LedgerKeyRotations.Result result = webTestClient.post().uri("/api/ledger/keys/rotate")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
        .exchange().expectStatus().isOk().expectBody(LedgerKeyRotations.Result.class).returnResult()
        .getResponseBody();
    LedgerEntry after = sealedEntry();

    assertThat(result.previousKeyId()).isEqualTo(keysBefore.keys().getLast().keyId()).isNotEqualTo(result.keyId());
    Block announcing = store.block(result.firstHeight() - 1).block();
    assertThat(announcing.header().keyId()).isEqualTo(result.previousKeyId());
    assertThat(announcing.entries().getLast().id()).isEqualTo(result.ledgerEntryId());
    assertThat(store.block(after.blockHeight()).block().header().keyId()).isEqualTo(result.keyId());

    PublishedLedgerKeys published = publishedKeys();
    assertThat(published.keys()).hasSize(keysBefore.keys().size() + 1).startsWith(
        keysBefore.keys().toArray(LedgerKeyVersion[]::new));
    assertThat(published.keys().getLast().keyId()).isEqualTo(result.keyId());
    assertThat(published.keys().getLast().firstHeight()).isEqualTo(result.firstHeight());
    assertThat(webTestClient.get().uri("/api/ledger/public-key").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
        .exchange().expectStatus().isOk().expectBody(LedgerPublicKey.class).returnResult().getResponseBody().keyId())
        .isEqualTo(result.keyId());

    // A subscriber who trusts only the first key follows the announcements through the whole ledger.
    PublicKey firstKey = LedgerSignatureVerifier.parsePublicKeyPem(published.keys().getFirst().pem());
    new LedgerVerifier(firstKey).verifyBlocks(TrustedState.genesis(), store.blocks(0, Integer.MAX_VALUE).collectList().block());
    List<PublicKey> publishedKeys = published.keys().stream()
        .map(key -> LedgerSignatureVerifier.parsePublicKeyPem(key.pem())).toList();
    assertThat(receiptBefore.head().keyId()).isEqualTo(result.previousKeyId());
    LedgerVerifier.verifyReceipt(receiptBefore, LedgerVerifier.keyNamedBy(receiptBefore.head(), publishedKeys));
    LedgerReceipt receiptNow = receipts.receiptForEntry(before.id()).block();
    assertThat(receiptNow.head().keyId()).isEqualTo(result.keyId());
    LedgerVerifier.verifyReceipt(receiptNow, LedgerVerifier.keyNamedBy(receiptNow.head(), publishedKeys));
  }

  @Test
  void rotate_twoAtOnceWhileEntriesAreSealed_oneNewKey_ledgerStillVerifies() {
    sealedEntry();
    int keysBefore = keys.publicKeys().size();
    CurrentUser admin = new CurrentUser("admin-2", null, null, Set.of(CurrentUser.ADMIN));

    Flux<Object> appends = Flux.range(0, 30).flatMap(i -> ledger.append(LedgerEntryKind.ACCESS_REQUESTED,
        "doctor-" + i, "report-k", ContentHashes.sha256Hex(new byte[] {i.byteValue()})), 4).cast(Object.class);
    List<Object> done = Flux.<Object>merge(
            rotations.rotate(admin).subscribeOn(Schedulers.parallel()),
            rotations.rotate(admin).subscribeOn(Schedulers.parallel()),
            appends.subscribeOn(Schedulers.parallel()))
        .collectList().block(SEALED);
    List<LedgerKeyRotations.Result> results = done.stream()
        .filter(LedgerKeyRotations.Result.class::isInstance).map(LedgerKeyRotations.Result.class::cast).toList();

    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isEqualTo(results.get(1));
    assertThat(keys.publicKeys()).hasSize(keysBefore + 1);
    sealedEntry();
    PublicKey firstKey = LedgerSignatureVerifier.parsePublicKeyPem(publishedKeys().keys().getFirst().pem());
    new LedgerVerifier(firstKey).verifyBlocks(TrustedState.genesis(), store.blocks(0, Integer.MAX_VALUE).collectList().block());
  }

  @Test
  void forgedAnnouncement_namingAKeyTheKeyringLacks_quarantinedNotSealed_keyNotPublished() {
    LedgerSigner stranger = LedgerSigner.generate();
    sealedEntry();
    String signingKeyId = store.latestHead().map(LedgerStore.StoredHead::nextKeyId).block();
    LedgerKeyTransition forged = LedgerKeyTransition.to(signingKeyId, stranger.publicKey());

    String id = ledger.append(LedgerEntryKind.LEDGER_KEY_ROTATED, "mallory", null, forged.contentHash(),
        forged.attributes()).block().id();

    await().atMost(SEALED).until(() -> mongo.findById(id, Document.class, LedgerStore.QUARANTINE).block() != null);
    LedgerEntry later = sealedEntry();
    assertThat(store.block(later.blockHeight()).block().header().keyId()).isEqualTo(signingKeyId);
    assertThat(store.blockWithEntry(id).block()).isNull();
    assertThat(publishedKeys().keys()).extracting(LedgerKeyVersion::keyId).doesNotContain(stranger.keyId());
  }

  private LedgerEntry sealedEntry() {
    String hash = ContentHashes.sha256Hex(("event " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    LedgerEntry entry = ledger.append(LedgerEntryKind.ACCESS_GRANTED, "patient-1", "report-1", hash,
        Map.of("requestId", "r-1")).block();
    return ledger.awaitSealed(entry.id(), SEALED).block();
  }

  private PublishedLedgerKeys publishedKeys() {
    return webTestClient.get().uri("/api/ledger/keys").header(HttpHeaders.AUTHORIZATION,
            "Bearer " + TestTokens.token("u-doctor", "doctor"))
        .exchange().expectStatus().isOk().expectBody(PublishedLedgerKeys.class).returnResult().getResponseBody();
  }
}
