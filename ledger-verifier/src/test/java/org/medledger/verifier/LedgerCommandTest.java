package org.medledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.events.EventCodec;
import org.medledger.events.ledger.BlockSealed;
import org.medledger.reportchain.ledger.Block;
import org.medledger.reportchain.ledger.LedgerJson;
import org.medledger.reportchain.ledger.LedgerKeyVersion;
import org.medledger.reportchain.ledger.PublishedLedgerKeys;
import org.medledger.reportchain.ledger.LedgerTestAccess;
import org.medledger.reportchain.ledger.TestSigner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code verify-ledger} against a real (embedded KRaft) broker: signed blocks published as the service publishes them,
 * then tampered copies of the topic. Each test writes its own topic.
 */
class LedgerCommandTest {

  private static final TestSigner SIGNER = TestSigner.generate();
  private static final EventCodec CODEC = new EventCodec(URI.create("/medledger/report-chain-service"),
      Clock.systemUTC());
  private static EmbeddedKafkaKraftBroker broker;
  private static KafkaProducer<String, CloudEvent> producer;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.afterPropertiesSet();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        new StringSerializer(), new CloudEventSerializer());
  }

  @AfterAll
  static void stopBroker() {
    producer.close();
    broker.destroy();
  }

  @Test
  void intactLedger_ok_keepsTheHead_nextRunConsistentWithIt() throws Exception {
    List<Block> blocks = LedgerTestAccess.chain(SIGNER, 3, 1, 4, 2);
    String topic = publish(blocks);
    Path trusted = dir.resolve("head.json");

    Run first = verify(topic, "--trusted-head", trusted.toString());
    assertThat(first.status()).as(first.err()).isEqualTo(Main.OK);
    assertThat(first.out()).startsWith("OK 4 blocks").contains("head at block 3, tree size 10");
    assertThat(LedgerJson.readTrustedState(Files.readString(trusted)).blockHash())
        .isEqualTo(blocks.get(3).header().blockHash());

    Run second = verify(topic, "--trusted-head", trusted.toString());
    assertThat(second.status()).isEqualTo(Main.OK);
    assertThat(second.out()).contains("consistent with the trusted head at block 3");
  }

  @Test
  void editedBlock_failedWithTheEditedEntry() {
    List<Block> blocks = new ArrayList<>(LedgerTestAccess.chain(SIGNER, 2, 2, 2));
    blocks.set(1, LedgerTestAccess.withActor(blocks.get(1), 0, "someone-else"));

    Run run = verify(publish(blocks));

    assertThat(run.status()).isEqualTo(Main.FAILED);
    assertThat(run.err()).startsWith("FAILED ledger").contains("edited entry at block 1");
  }

  @Test
  void deletedBlock_failedWithAGap() {
    List<Block> blocks = new ArrayList<>(LedgerTestAccess.chain(SIGNER, 2, 2, 2, 2));
    blocks.remove(1);

    Run run = verify(publish(blocks));

    assertThat(run.status()).isEqualTo(Main.FAILED);
    assertThat(run.err()).contains("ledger gap").contains("height expected 1, found 2");
  }

  @Test
  void rewrittenHistoryResignedWithTheSameKey_failedAsAForkFromTheTrustedHead() throws Exception {
    List<Block> original = LedgerTestAccess.chain(SIGNER, 2, 2, 2);
    Path trusted = dir.resolve("head.json");
    assertThat(verify(publish(original), "--trusted-head", trusted.toString()).status()).isEqualTo(Main.OK);

    // valid on its own: every block signed, chained and rooted; only the kept head shows it is another history
    List<Block> rewritten = LedgerTestAccess.rewrite(original, SIGNER, 3, "someone-else");
    Run fresh = verify(publish(rewritten));
    assertThat(fresh.status()).isEqualTo(Main.OK);
    Run run = verify(publish(rewritten), "--trusted-head", trusted.toString());

    assertThat(run.status()).isEqualTo(Main.FAILED);
    assertThat(run.err()).contains("ledger fork at block 2").contains(original.get(2).header().blockHash());
    assertThat(LedgerJson.readTrustedState(Files.readString(trusted)).blockHash())
        .as("a failed run keeps the old head").isEqualTo(original.get(2).header().blockHash());
  }

  @Test
  void secondDifferentBlockAtAHeight_evenLate_failedAsAFork() {
    List<Block> original = LedgerTestAccess.chain(SIGNER, 2, 2, 2);
    List<Block> other = LedgerTestAccess.rewrite(original, SIGNER, 2, "someone-else");
    List<Block> topic = new ArrayList<>(original);
    topic.add(other.get(1));

    Run run = verify(publish(topic));

    assertThat(run.status()).isEqualTo(Main.FAILED);
    assertThat(run.err()).contains("ledger fork at block 1").contains("two different blocks at one height");
  }

  @Test
  void blocksSignedByAnotherKey_failedWithABadSignature() {
    Run run = verify(publish(LedgerTestAccess.chain(TestSigner.generate(), 1)));

    assertThat(run.status()).isEqualTo(Main.FAILED);
    assertThat(run.err()).contains("bad signature at block 0");
  }

  @Test
  void rotatedKey_announcedOnTheLedger_okWithTheFirstKeyAlone() {
    TestSigner next = TestSigner.generate();

    Run run = verify(publish(LedgerTestAccess.rotatingChain(SIGNER, next, true)));

    assertThat(run.status()).as(run.err()).isEqualTo(Main.OK);
    assertThat(run.out()).startsWith("OK 4 blocks");
  }

  @Test
  void rotatedKey_publishedKeyHistoryJson_ok_unannouncedChange_failedEvenWithBothKeysGiven() throws Exception {
    TestSigner next = TestSigner.generate();
    Path history = Files.writeString(dir.resolve("keys.json"), LedgerJson.write(new PublishedLedgerKeys(List.of(
        new LedgerKeyVersion("Ed25519", SIGNER.keyId(), SIGNER.publicKeyPem(), 0),
        new LedgerKeyVersion("Ed25519", next.keyId(), next.publicKeyPem(), 2)))));
    Path nextPem = Files.writeString(dir.resolve("next.pem"), next.publicKeyPem());

    Run announced = verify(publish(LedgerTestAccess.rotatingChain(SIGNER, next, true)), "--public-key",
        history.toString());
    Run unannounced = verify(publish(LedgerTestAccess.rotatingChain(SIGNER, next, false)), "--public-key",
        nextPem.toString());

    assertThat(announced.status()).as(announced.err()).isEqualTo(Main.OK);
    assertThat(unannounced.status()).isEqualTo(Main.FAILED);
    assertThat(unannounced.err()).contains("bad signature at block 2").contains(next.keyId());
  }

  @Test
  void usageErrors_exit2() throws Exception {
    Path key = Files.writeString(dir.resolve("key.pem"), SIGNER.publicKeyPem());
    assertThat(Main.run(new String[] {"verify-ledger", "--bootstrap", broker.getBrokersAsString()}, quiet(), quiet()))
        .isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"verify-ledger", "--bootstrap", broker.getBrokersAsString(), "--public-key",
        key.toString(), "--topic", "no-such-topic-" + UUID.randomUUID(), "--timeout-seconds", "5"}, quiet(), quiet()))
        .isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"verify-ledger", "--bootstrap", "x", "--public-key", dir.resolve("none.pem")
        .toString()}, quiet(), quiet())).isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"verify-ledger", "--bootstrap", "x", "--public-key", key.toString(),
        "--topic", "a", "--topic", "b"}, quiet(), quiet())).isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[] {"verify-everything"}, quiet(), quiet())).isEqualTo(Main.USAGE);
    assertThat(Main.run(new String[0], quiet(), quiet())).isEqualTo(Main.USAGE);
  }

  private static String publish(List<Block> blocks) {
    String topic = "ledger-" + UUID.randomUUID();
    for (Block block : blocks) {
      CloudEvent event = CODEC.toCloudEvent(CODEC.prepare(new BlockSealed(block.height(), LedgerJson.write(block))),
          Map.of());
      producer.send(new ProducerRecord<>(topic, BlockSealed.LEDGER_KEY, event));
    }
    producer.flush();
    return topic;
  }

  private Run verify(String topic, String... more) {
    try {
      Path key = Files.writeString(dir.resolve("key-" + UUID.randomUUID() + ".pem"), SIGNER.publicKeyPem());
      List<String> args = new ArrayList<>(List.of("verify-ledger", "--bootstrap", broker.getBrokersAsString(),
          "--public-key", key.toString(), "--topic", topic, "--timeout-seconds", "30"));
      args.addAll(List.of(more));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  record Run(int status, String out, String err) {}
}
