package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.medledger.reportchain.ledger.TestChains.flipLastBit;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.events.EventCodec;
import org.medledger.events.Topics;
import org.medledger.events.ledger.BlockSealed;
import org.medledger.reportchain.chain.ConsistencyProof;
import org.medledger.reportchain.chain.InclusionProof;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.ProofVerificationException;
import org.medledger.reportchain.chain.ProofVerifier;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.report.LedgerRecorder;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.test.InMemoryMongo;
import org.medledger.support.test.Jwts;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.NotFoundException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger in the whole service, in one Spring context: an in-memory MongoDB wire server, an embedded KRaft
 * Kafka broker, and the ledger key from the local keyring in a temporary directory. Small blocks (at most 8
 * entries, sealed every 100 ms) so that a few dozen entries make many blocks. All tests share the
 * context (one class: nested classes would each get their own context under {@code @DirtiesContext}) and the
 * ledger it builds up; tests that tamper with MongoDB restore what they changed.
 */
@SpringBootTest(properties = {
    "server.shutdown=immediate",
    "medledger.ledger.sealer.max-entries=8",
    "medledger.ledger.sealer.max-delay=100ms",
    "medledger.events.outbox-poll-interval=100ms",
    "medledger.keys.master-secret=ledger-tests-master-secret",
    "medledger.keys.local.pbkdf2-iterations=10000",
    "medledger.reports.warm-up.enabled=false",
    "spring.kafka.consumer.group-id=ledger-tests",
    "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/test",
    "logging.level.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=OFF"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    topics = Topics.LEDGER)
@ContextConfiguration(initializers = InMemoryMongo.class)
@DirtiesContext
class LedgerIntegrationTests {

  private static final Duration SEALED = Duration.ofSeconds(20);
  /** Kinds with no meaning the sealer checks (a key announcement has one). */
  private static final List<LedgerEntryKind> ORDINARY_KINDS = Arrays.stream(LedgerEntryKind.values())
      .filter(kind -> kind != LedgerEntryKind.LEDGER_KEY_ROTATED)
      .toList();

  @TempDir
  static Path keyringDirectory;

  @DynamicPropertySource
  static void keyring(DynamicPropertyRegistry registry) {
    registry.add("medledger.keys.local.directory", () -> keyringDirectory.toString());
  }

  @Autowired Ledger ledger;
  @Autowired ReceiptService receipts;
  @Autowired LedgerRecorder recorder;
  @Autowired LedgerStore store;
  @Autowired LedgerTree tree;
  @Autowired BlockSealer sealer;
  @Autowired LedgerSigningKeys keys;
  @Autowired ReactiveMongoTemplate mongo;
  @Autowired EventCodec codec;
  @Autowired OutboxRelay relay;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired ApplicationContext context;
  WebTestClient http;

  @BeforeEach
  void bindClient() {
    // Bound to the context with Spring Security's test support, so that Jwts.user(...) sets the caller.
    http = WebTestClient.bindToApplicationContext(context).apply(SecurityMockServerConfigurers.springSecurity())
        .configureClient().build();
  }

  // ---- helpers

  /** Appends {@code count} entries and returns them once sealed. */
  List<LedgerEntry> appendSealed(int count) {
    List<LedgerEntry> pending = Flux.range(0, count)
        .flatMap(i -> ledger.append(ORDINARY_KINDS.get(i % ORDINARY_KINDS.size()), "subject-" + i,
            "report-" + (i % 4), ContentHashes.sha256Hex(("event " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)),
            Map.of("n", Integer.toString(i))), 8)
        .collectList().block();
    return Flux.fromIterable(pending).concatMap(entry -> ledger.awaitSealed(entry.id(), SEALED)).collectList().block();
  }

  List<Block> allBlocks() {
    return store.blocks(0, Integer.MAX_VALUE).collectList().block();
  }

  SignedHeader head() {
    return store.latestHead().block().header();
  }

  LedgerVerifier verifier() {
    return LedgerVerifier.forPem(keys.active().publicKeyPem());
  }

  TrustedState verifyStoredLedger() {
    return verifier().verifyBlocks(TrustedState.genesis(), allBlocks());
  }

  /** Waits until nothing is pending and every block's event left its outbox. */
  void awaitQuiet() {
    await().atMost(SEALED).until(() ->
        mongo.count(new Query(), LedgerStore.PENDING).block() == 0
            && mongo.count(new Query(Criteria.where("outbox.0").exists(true)), LedgerStore.BLOCKS).block() == 0);
  }

  /** RFC 6962 MTH by its definition, as the reference the stored tree is compared with. */
  static byte[] referenceRoot(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n == 0) {
      return MerkleHasher.emptyRoot();
    }
    if (n == 1) {
      return leafHashes.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return MerkleHasher.hashChildren(referenceRoot(leafHashes.subList(0, k)), referenceRoot(leafHashes.subList(k, n)));
  }

  List<byte[]> storedLeafHashes() {
    return allBlocks().stream().flatMap(block -> block.entries().stream()).map(LedgerEncoding::leafHash).toList();
  }

  // ---- proofs


  @Test
  void proofs_mongoBackedLog_verifyForEverySizeUpTo64() {
    appendSealed(70);
    List<byte[]> leaves = storedLeafHashes();
    assertThat(leaves.size()).isGreaterThanOrEqualTo(70);

    for (int size = 1; size <= 64; size++) {
      byte[] root = referenceRoot(leaves.subList(0, size));
      assertThat(tree.root(size).block()).as("root of %d", size).isEqualTo(root);
      for (int leaf = 0; leaf < size; leaf++) {
        InclusionProof proof = tree.inclusionProof(leaf, size).block();
        ProofVerifier.verifyInclusion(proof, leaves.get(leaf), root);
      }
    }
    for (int size1 = 1; size1 <= 32; size1++) {
      for (int size2 = size1; size2 <= 32; size2++) {
        ConsistencyProof proof = tree.consistencyProof(size1, size2).block();
        ProofVerifier.verifyConsistency(proof, referenceRoot(leaves.subList(0, size1)),
            referenceRoot(leaves.subList(0, size2)));
      }
    }
  }

  @Test
  void proofs_mutated_everyVariantRejectedByTheChainVerifier() {
    appendSealed(40);
    List<byte[]> leaves = storedLeafHashes();
    List<String> accepted = new ArrayList<>();
    for (long[] position : new long[][] {{0, 1}, {0, 7}, {6, 7}, {5, 8}, {13, 31}, {30, 31}, {17, 40}}) {
      long leaf = position[0];
      long size = position[1];
      byte[] root = referenceRoot(leaves.subList(0, (int) size));
      byte[] leafHash = leaves.get((int) leaf);
      List<byte[]> path = tree.inclusionProof(leaf, size).block().hashes();
      Map<String, Runnable> probes = new HashMap<>();
      probes.put("leaf - 1", () -> ProofVerifier.verifyInclusion(leaf - 1, size, leafHash, path, root));
      probes.put("leaf + 1", () -> ProofVerifier.verifyInclusion(leaf + 1, size, leafHash, path, root));
      probes.put("leaf ^ 2", () -> ProofVerifier.verifyInclusion(leaf ^ 2, size, leafHash, path, root));
      probes.put("size * 2", () -> ProofVerifier.verifyInclusion(leaf, size * 2, leafHash, path, root));
      probes.put("size / 2", () -> ProofVerifier.verifyInclusion(leaf, size / 2, leafHash, path, root));
      probes.put("other leaf", () -> ProofVerifier.verifyInclusion(leaf, size, leaves.get((int) size), path, root));
      probes.put("other root", () -> ProofVerifier.verifyInclusion(leaf, size, leafHash, path, flip(root)));
      probes.put("extra hash", () -> ProofVerifier.verifyInclusion(leaf, size, leafHash, plus(path, root), root));
      probes.put("extra hash first", () -> ProofVerifier.verifyInclusion(leaf, size, leafHash, plusFirst(path, root), root));
      if (!path.isEmpty()) {
        probes.put("last hash dropped", () -> ProofVerifier.verifyInclusion(leaf, size, leafHash, path.subList(0, path.size() - 1), root));
        probes.put("empty", () -> ProofVerifier.verifyInclusion(leaf, size, leafHash, List.of(), root));
      }
      for (int i = 0; i < path.size(); i++) {
        int at = i;
        probes.put("hash " + i + " flipped", () -> ProofVerifier.verifyInclusion(leaf, size, leafHash, flipAt(path, at), root));
      }
      probes.forEach((name, probe) -> {
        try {
          probe.run();
          accepted.add("inclusion " + leaf + "/" + size + ": " + name);
        } catch (ProofVerificationException | IllegalArgumentException expected) {
          // rejected, as it must be
        }
      });
    }
    for (long[] sizes : new long[][] {{1, 2}, {3, 8}, {4, 8}, {7, 31}, {8, 40}, {13, 40}}) {
      long size1 = sizes[0];
      long size2 = sizes[1];
      byte[] root1 = referenceRoot(leaves.subList(0, (int) size1));
      byte[] root2 = referenceRoot(leaves.subList(0, (int) size2));
      List<byte[]> proof = tree.consistencyProof(size1, size2).block().hashes();
      Map<String, Runnable> probes = new HashMap<>();
      probes.put("size1 - 1", () -> ProofVerifier.verifyConsistency(size1 - 1, size2, proof, root1, root2));
      probes.put("size1 + 1", () -> ProofVerifier.verifyConsistency(size1 + 1, size2, proof, root1, root2));
      probes.put("size2 * 2", () -> ProofVerifier.verifyConsistency(size1, size2 * 2, proof, root1, root2));
      probes.put("roots swapped", () -> ProofVerifier.verifyConsistency(size1, size2, proof, root2, root1));
      probes.put("root1 flipped", () -> ProofVerifier.verifyConsistency(size1, size2, proof, flip(root1), root2));
      probes.put("root2 flipped", () -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, flip(root2)));
      probes.put("extra hash", () -> ProofVerifier.verifyConsistency(size1, size2, plus(proof, root1), root1, root2));
      probes.put("last hash dropped", () -> ProofVerifier.verifyConsistency(size1, size2, proof.subList(0, proof.size() - 1), root1, root2));
      probes.put("empty", () -> ProofVerifier.verifyConsistency(size1, size2, List.of(), root1, root2));
      for (int i = 0; i < proof.size(); i++) {
        int at = i;
        probes.put("hash " + i + " flipped", () -> ProofVerifier.verifyConsistency(size1, size2, flipAt(proof, at), root1, root2));
      }
      probes.forEach((name, probe) -> {
        try {
          probe.run();
          accepted.add("consistency " + size1 + "->" + size2 + ": " + name);
        } catch (ProofVerificationException | IllegalArgumentException expected) {
          // rejected, as it must be
        }
      });
    }

    assertThat(accepted).as("mutated proofs that verified").isEmpty();
  }

  private static byte[] flip(byte[] hash) {
    byte[] copy = hash.clone();
    copy[copy.length - 1] ^= 1;
    return copy;
  }

  private static List<byte[]> flipAt(List<byte[]> hashes, int index) {
    List<byte[]> copy = new ArrayList<>(hashes);
    copy.set(index, flip(copy.get(index)));
    return copy;
  }

  private static List<byte[]> plus(List<byte[]> hashes, byte[] extra) {
    List<byte[]> copy = new ArrayList<>(hashes);
    copy.add(extra);
    return copy;
  }

  private static List<byte[]> plusFirst(List<byte[]> hashes, byte[] extra) {
    List<byte[]> copy = new ArrayList<>(hashes);
    copy.add(0, extra);
    return copy;
  }

  // ---- concurrency


  @Test
  void twoSealers_concurrentAppendsThroughBoth_oneLinearChainWithEveryEntryOnce() {
    LedgerProperties.Sealer fast = new LedgerProperties.Sealer(true, 5, Duration.ofMillis(20), 50);
    Instance a = new Instance(fast);
    Instance b = new Instance(fast);
    a.sealer.start();
    b.sealer.start();
    try {
      List<LedgerEntry> appended = Flux.range(0, 150)
          .flatMap(i -> (i % 2 == 0 ? a.ledger : b.ledger).append(LedgerEntryKind.ACCESS_REQUESTED,
              "doctor-" + i, "report-c", ContentHashes.sha256Hex(new byte[] {i.byteValue()}), Map.of()), 16)
          .collectList().block();
      Set<String> ids = new HashSet<>(appended.stream().map(LedgerEntry::id).toList());

      await().atMost(SEALED).until(() -> store.sealedAmong(ids).block().size() == ids.size());
      awaitQuiet();

      TrustedState state = verifyStoredLedger();
      List<Block> blocks = allBlocks();
      assertThat(state.height()).isEqualTo(blocks.size() - 1L);
      List<String> sealedIds = blocks.stream().flatMap(block -> block.entries().stream()).map(LedgerEntry::id).toList();
      assertThat(sealedIds).doesNotHaveDuplicates().containsAll(ids).hasSize((int) state.treeSize());
      assertThat(a.sealer.sealedBlocks() + b.sealer.sealedBlocks()).isPositive();
    } finally {
      a.sealer.stop();
      b.sealer.stop();
    }
  }

  @Test
  void twoSealers_sameHeightAtOnce_oneWinsTheOtherRetriesOnTheNewHead() {
    LedgerProperties.Sealer manual = new LedgerProperties.Sealer(false, 4, Duration.ofSeconds(1), 50);
    Instance a = new Instance(manual);
    Instance b = new Instance(manual);
    long heightBefore = head().height();

    for (int round = 0; round < 20; round++) {
      Flux.range(0, 6).flatMap(i -> a.ledger.append(LedgerEntryKind.REPORT_DOWNLOADED, "patient-r", "report-r",
          ContentHashes.sha256Hex(new byte[] {i.byteValue()}))).blockLast();
      Mono.zip(a.sealer.sealNext(), b.sealer.sealNext()).block();
    }
    awaitQuiet();

    assertThat(a.sealer.lostRaces() + b.sealer.lostRaces()).as("lost races").isPositive();
    assertThat(head().height()).isGreaterThan(heightBefore);
    verifyStoredLedger();
  }

  /** A second (or third) service instance's ledger on the same database. */
  private final class Instance {
    final BlockSealer sealer;
    final MongoLedger ledger;

    Instance(LedgerProperties.Sealer settings) {
      LedgerStore own = new LedgerStore(mongo);
      sealer = new BlockSealer(own, keys, codec, relay::nudge, settings, Clock.systemUTC());
      ledger = new MongoLedger(own, sealer, Clock.systemUTC());
    }
  }

  // ---- tampering


  /** Runs {@code check} with block {@code height}'s document changed by {@code update}, then restores it. */
  private void withBlockChanged(long height, Update update, Update restore, Runnable check) {
    Query block = new Query(Criteria.where("_id").is(height));
    mongo.updateFirst(block, update, LedgerStore.BLOCKS).block();
    try {
      check.run();
    } finally {
      mongo.updateFirst(block, restore, LedgerStore.BLOCKS).block();
    }
  }

  private long middleHeight() {
    if (store.latestHead().block() == null || head().height() < 4) {
      appendSealed(40);
    }
    awaitQuiet();
    return head().height() / 2;
  }

  @Test
  void storedEntryEdited_editedEntryAtThatBlock() {
    long height = middleHeight();
    String actor = store.block(height).block().entries().get(0).actor();

    withBlockChanged(height, new Update().set("entries.0.actor", "mallory"), new Update().set("entries.0.actor", actor),
        () -> assertThatThrownBy(this::verifyStoredLedger)
            .isInstanceOfSatisfying(EditedEntryException.class, e -> assertThat(e.height()).isEqualTo(height)));
    verifyStoredLedger();
  }

  @Test
  void storedPreviousHashEdited_forkWithTheTrustedHash() {
    long height = middleHeight();
    SignedHeader header = store.block(height).block().header();
    String previous = store.block(height - 1).block().header().blockHash();

    withBlockChanged(height, new Update().set("previousHash", flipLastBit(header.previousHash())),
        new Update().set("previousHash", header.previousHash()),
        () -> assertThatThrownBy(this::verifyStoredLedger)
            .isInstanceOfSatisfying(LedgerForkException.class, e -> {
              assertThat(e.height()).isEqualTo(height);
              assertThat(e.expected()).isEqualTo(previous);
              assertThat(e.found()).isEqualTo(flipLastBit(header.previousHash()));
            }));
    verifyStoredLedger();
  }

  @Test
  void storedSignatureEdited_badSignature() {
    long height = middleHeight();
    String signature = store.block(height).block().header().signature();

    withBlockChanged(height, new Update().set("signature", flipLastBit(signature)), new Update().set("signature", signature),
        () -> assertThatThrownBy(this::verifyStoredLedger)
            .isInstanceOfSatisfying(BadSignatureException.class, e -> assertThat(e.height()).isEqualTo(height)));
    verifyStoredLedger();
  }

  @Test
  void storedBlockDeleted_gapAtItsHeight() {
    long height = middleHeight();
    Query block = new Query(Criteria.where("_id").is(height));
    Document saved = mongo.findOne(block, Document.class, LedgerStore.BLOCKS).block();
    mongo.remove(block, LedgerStore.BLOCKS).block();
    try {
      assertThatThrownBy(this::verifyStoredLedger)
          .isInstanceOfSatisfying(LedgerGapException.class, e -> {
            assertThat(e.expectedHeight()).isEqualTo(height);
            assertThat(e.foundHeight()).isEqualTo(height + 1);
          });
    } finally {
      mongo.insert(saved, LedgerStore.BLOCKS).block();
    }
    verifyStoredLedger();
  }

  @Test
  void damagedHead_sealerRefusesToExtendIt_untilRepaired() {
    middleHeight();
    SignedHeader head = head();
    Query block = new Query(Criteria.where("_id").is(head.height()));
    mongo.updateFirst(block, new Update().set("treeRoot", flipLastBit(head.treeRoot())), LedgerStore.BLOCKS).block();
    LedgerEntry waiting;
    try {
      waiting = ledger.append(LedgerEntryKind.AUDIT_RESULT, "auditor-1", null,
          ContentHashes.ofFields(Map.of("audit", "a-1"))).block();
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
          .until(() -> head().height() == head.height() && ledger.entry(waiting.id()).block().leafIndex() == null);
    } finally {
      mongo.updateFirst(block, new Update().set("treeRoot", head.treeRoot()), LedgerStore.BLOCKS).block();
    }
    assertThat(ledger.awaitSealed(waiting.id(), SEALED).block().blockHeight()).isEqualTo(head.height() + 1);
    verifyStoredLedger();
  }

  @Test
  void invalidPendingDocument_quarantined_sealingGoesOn() {
    String bogusId = UUID.randomUUID().toString();
    mongo.insert(new Document("_id", bogusId).append("kind", "NOT_A_KIND").append("actor", "x")
        .append("time", new Date(0)).append("contentHash", "00"), LedgerStore.PENDING).block();

    LedgerEntry after = appendSealed(1).get(0);

    assertThat(after.leafIndex()).isNotNull();
    await().atMost(SEALED).until(() ->
        mongo.findById(bogusId, Document.class, LedgerStore.QUARANTINE).block() != null);
    assertThat(mongo.findById(bogusId, Document.class, LedgerStore.PENDING).block()).isNull();
  }

  // ---- events


  @Test
  void blockSealed_everyBlockOnTheLedgerTopic_subscriberVerifiesFromEventsAndThePublicKeyAlone() {
    appendSealed(20);
    awaitQuiet();
    SignedHeader head = head();
    String pem = http.mutateWith(Jwts.user("hospital-b", "doctor")).get().uri("/api/ledger/public-key")
        .exchange().expectStatus().isOk().expectBody(LedgerPublicKey.class).returnResult().getResponseBody().pem();
    LedgerFollower follower = new LedgerFollower(LedgerVerifier.forPem(pem), TrustedState.genesis(), 10_000);
    Map<Long, String> jsonByHeight = new HashMap<>();

    var consumerProps = KafkaTestUtils.consumerProps(broker, "ledger-replica-" + UUID.randomUUID(), false);
    try (var consumer = new DefaultKafkaConsumerFactory<>(consumerProps, new StringDeserializer(),
        new CloudEventDeserializer()).createConsumer()) {
      broker.consumeFromAnEmbeddedTopic(consumer, Topics.LEDGER);
      await().atMost(SEALED).until(() -> {
        KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200)).forEach(record -> {
          CloudEvent event = record.value();
          assertThat(event.getType()).isEqualTo("org.medledger.ledger.block-sealed.v1");
          BlockSealed sealed = codec.decodeData(event, BlockSealed.class);
          assertThat(record.key()).isEqualTo(org.medledger.events.ledger.BlockSealed.LEDGER_KEY);
          jsonByHeight.put(sealed.height(), sealed.blockJson());
          follower.offer(LedgerJson.readBlock(sealed.blockJson()));
        });
        return follower.trustedState().height() >= head.height();
      });
    }

    follower.requireNoGap();
    assertThat(follower.trustedState()).isEqualTo(TrustedState.of(head));
    for (long height : new long[] {0, head.height() / 2, head.height()}) {
      String served = http.mutateWith(Jwts.user("hospital-b", "doctor")).get().uri("/api/ledger/blocks/{h}", height)
          .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
      assertThat(served).as("block %d as served", height).isEqualTo(jsonByHeight.get(height));
    }
  }

  // ---- api


  private WebTestClient user() {
    return http.mutateWith(Jwts.user("patient-api", "patient"));
  }

  private void expectProblem(String uri, int status) {
    user().get().uri(uri).exchange()
        .expectStatus().isEqualTo(status)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void head_signedHeadThatVerifies() {
    appendSealed(3);
    SignedHeader served = user().get().uri("/api/ledger/head").exchange()
        .expectStatus().isOk().expectBody(SignedHeader.class).returnResult().getResponseBody();

    assertThat(served.height()).isGreaterThanOrEqualTo(0);
    assertThat(served.treeSize()).isPositive();
    verifier().verifySignature(served);
    assertThat(LedgerEncoding.hex(LedgerEncoding.blockHash(served))).isEqualTo(served.blockHash());
  }

  @Test
  void anyEndpoint_withoutToken_401() {
    http.get().uri("/api/ledger/head").exchange().expectStatus().isUnauthorized();
    http.get().uri("/api/ledger/public-key").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void block_existingHeight_verifiableBlock_badOrUnknownHeight_problem() {
    appendSealed(3);
    Block block = LedgerJson.readBlock(user().get().uri("/api/ledger/blocks/0").exchange()
        .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody(String.class).returnResult().getResponseBody());

    assertThat(verifier().verifyBlock(TrustedState.genesis(), block).height()).isZero();
    expectProblem("/api/ledger/blocks/abc", 400);
    expectProblem("/api/ledger/blocks/-1", 400);
    expectProblem("/api/ledger/blocks/99999999", 404);
  }

  @Test
  void publicKey_pemKeyIdAlgorithm() {
    LedgerPublicKey served = user().get().uri("/api/ledger/public-key").exchange()
        .expectStatus().isOk().expectBody(LedgerPublicKey.class).returnResult().getResponseBody();

    PublicKey parsed = LedgerSignatureVerifier.parsePublicKeyPem(served.pem());
    assertThat(served.algorithm()).isEqualTo("Ed25519");
    assertThat(served.keyId()).isEqualTo(LedgerSignatureVerifier.keyId(parsed)).isEqualTo(head().keyId());
  }

  @Test
  void openApi_documentsTheLedgerEndpoints() {
    String apiDocs = http.get().uri("/v3/api-docs").exchange()
        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

    assertThat(apiDocs).contains("/api/ledger/head", "/api/ledger/blocks/{height}", "/api/ledger/public-key",
        "/api/ledger/proofs/inclusion", "/api/ledger/proofs/consistency", "SignedHeader");
  }

  @Test
  void inclusion_sealedEntry_proofVerifiesAgainstLatestAndEarlierHead() {
    LedgerEntry entry = appendSealed(1).get(0);
    appendSealed(9);

    LedgerInclusionProof latest = user().get().uri("/api/ledger/proofs/inclusion?entry={id}", entry.id()).exchange()
        .expectStatus().isOk().expectBody(LedgerInclusionProof.class).returnResult().getResponseBody();
    verifier().verifySignature(latest.head());
    LedgerVerifier.verifyInclusion(latest.entry(), latest.leafIndex(), latest.auditPath(), latest.head());
    assertThat(latest.entry()).isEqualTo(entry);

    long earlierSize = store.block(entry.blockHeight()).block().header().treeSize();
    LedgerInclusionProof earlier = user().get()
        .uri("/api/ledger/proofs/inclusion?entry={id}&treeSize={size}", entry.id(), earlierSize).exchange()
        .expectStatus().isOk().expectBody(LedgerInclusionProof.class).returnResult().getResponseBody();
    assertThat(earlier.treeSize()).isEqualTo(earlierSize);
    LedgerVerifier.verifyInclusion(entry, earlier.leafIndex(), earlier.auditPath(), earlier.head());

    long before = entry.leafIndex();
    if (before > 0 && store.headerAtTreeSize(before).block() != null) {
      expectProblem("/api/ledger/proofs/inclusion?entry=" + entry.id() + "&treeSize=" + before, 400);
    }
    expectProblem("/api/ledger/proofs/inclusion?entry=" + entry.id() + "&treeSize=" + (earlierSize + 100_000), 404);
  }

  @Test
  void inclusion_badParameters_400_unknownEntry_404_pendingEntry_409() {
    expectProblem("/api/ledger/proofs/inclusion?entry=not-a-uuid", 400);
    expectProblem("/api/ledger/proofs/inclusion", 400);
    expectProblem("/api/ledger/proofs/inclusion?entry=" + UUID.randomUUID() + "&treeSize=0", 400);
    expectProblem("/api/ledger/proofs/inclusion?entry=" + UUID.randomUUID() + "&treeSize=x", 400);
    expectProblem("/api/ledger/proofs/inclusion?entry=" + UUID.randomUUID(), 404);

    sealer.stop();
    try {
      LedgerEntry pending = ledger.append(LedgerEntryKind.ACCESS_DENIED_ATTEMPT, "doctor-x", "report-x",
          ContentHashes.ofFields(Map.of("attempt", "1"))).block();
      expectProblem("/api/ledger/proofs/inclusion?entry=" + pending.id(), 409);
    } finally {
      sealer.start();
    }
  }

  @Test
  void consistency_twoHeads_proofVerifies_badSizes_problem() {
    appendSealed(10);
    List<Block> blocks = allBlocks();
    SignedHeader older = blocks.get(1).header();
    SignedHeader newer = blocks.get(blocks.size() - 1).header();

    LedgerConsistencyProof proof = user().get()
        .uri("/api/ledger/proofs/consistency?from={from}&to={to}", older.treeSize(), newer.treeSize()).exchange()
        .expectStatus().isOk().expectBody(LedgerConsistencyProof.class).returnResult().getResponseBody();

    assertThat(proof.from()).isEqualTo(older);
    assertThat(proof.to()).isEqualTo(newer);
    assertThat(verifier().verifyHeadUpdate(TrustedState.of(older), proof.to(), proof.proof()))
        .isEqualTo(TrustedState.of(newer));
    expectProblem("/api/ledger/proofs/consistency?from=" + newer.treeSize() + "&to=" + older.treeSize(), 400);
    expectProblem("/api/ledger/proofs/consistency?from=0&to=" + older.treeSize(), 400);
    expectProblem("/api/ledger/proofs/consistency?from=abc&to=3", 400);
    expectProblem("/api/ledger/proofs/consistency?to=3", 400);
    expectProblem("/api/ledger/proofs/consistency?from=" + older.treeSize() + "&to=" + (newer.treeSize() + 100_000), 404);
  }

  // ---- receipts


  @Test
  void receipt_storedReport_verifiesOfflineWithThePublicKey_andFailsForAnotherRoot() {
    String reportId = UUID.randomUUID().toString();
    String root = ContentHashes.sha256Hex(("report bytes " + reportId).getBytes(StandardCharsets.UTF_8));
    String entryId = recorder.reportStored(new LedgerRecorder.ReportStoredEntry(reportId, "appointment-1",
        "patient-1", "doctor-1", root, "ab".repeat(32), "cd".repeat(32), 1234, 2, Instant.now())).block();
    ledger.awaitSealed(entryId, SEALED).block();
    appendSealed(5);

    String json = LedgerJson.write(receipts.receiptFor(reportId).block());
    LedgerReceipt offline = LedgerJson.readReceipt(json);
    PublicKey publicKey = LedgerSignatureVerifier.parsePublicKeyPem(keys.active().publicKeyPem());

    LedgerVerifier.verifyReceipt(offline, publicKey, reportId, root);
    assertThat(offline.entry().id()).isEqualTo(entryId);
    assertThat(offline.entry().actor()).isEqualTo("doctor-1");
    assertThat(offline.entry().attributes()).containsEntry("appointmentId", "appointment-1")
        .doesNotContainValue("patient-1");
    assertThat(json).doesNotContain("patient-1");
    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(offline, publicKey, flipLastBit(root)))
        .isInstanceOf(ReceiptMismatchException.class);
  }

  @Test
  void receipt_unknownReport_notFound_pendingReport_conflict() {
    assertThatThrownBy(() -> receipts.receiptFor("no-such-report").block()).isInstanceOf(NotFoundException.class);

    sealer.stop();
    try {
      String reportId = UUID.randomUUID().toString();
      ledger.append(LedgerEntryKind.REPORT_STORED, "doctor-2", reportId, ContentHashes.sha256Hex(new byte[] {1})).block();
      assertThatThrownBy(() -> receipts.receiptFor(reportId).block()).isInstanceOf(ConflictException.class);
    } finally {
      sealer.start();
    }
  }

  @Test
  void recorder_downloadAndRotation_onTheLedger() {
    String reportId = UUID.randomUUID().toString();
    String root = ContentHashes.sha256Hex(new byte[] {7});
    String downloaded = recorder.reportDownloaded(new LedgerRecorder.ReportDownloadedEntry(reportId, "patient-9",
        "patient-9", root, Instant.now())).block();
    String rotated = recorder.keysRotated(new LedgerRecorder.KeysRotatedEntry("local:v2", 10, 0, "admin-1",
        Instant.now())).block();

    LedgerEntry download = ledger.awaitSealed(downloaded, SEALED).block();
    LedgerEntry rotation = ledger.awaitSealed(rotated, SEALED).block();
    assertThat(download.kind()).isEqualTo(LedgerEntryKind.REPORT_DOWNLOADED);
    assertThat(download.contentHash()).isEqualTo(root);
    assertThat(rotation.kind()).isEqualTo(LedgerEntryKind.KEY_ROTATED);
    assertThat(rotation.reportId()).isNull();
    assertThat(rotation.attributes()).containsEntry("kekVersion", "local:v2");
    assertThat(ledger.entriesForReport(reportId).map(LedgerEntry::id).collectList().block()).containsExactly(downloaded);
  }

  @Test
  void append_outOfBounds_illegalArgument() {
    Consumer<Mono<?>> rejected = mono -> assertThatThrownBy(mono::block).isInstanceOf(IllegalArgumentException.class);

    rejected.accept(ledger.append(LedgerEntryKind.REPORT_STORED, "", "r", ContentHashes.sha256Hex(new byte[0])));
    rejected.accept(ledger.append(LedgerEntryKind.REPORT_STORED, "a", "r", "not-a-hash"));
    rejected.accept(ledger.append(LedgerEntryKind.REPORT_STORED, "a", "r", ContentHashes.sha256Hex(new byte[0]),
        Map.of("bad key", "v")));
  }
}
