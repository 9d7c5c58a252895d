package org.medledger.verifier;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.medledger.events.EventCodec;
import org.medledger.events.ledger.BlockSealed;
import org.medledger.reportchain.ledger.Block;
import org.medledger.reportchain.ledger.LedgerJson;
import org.medledger.reportchain.ledger.MalformedBlockException;

/**
 * Reads the ledger topic from its beginning to its end as of the start of the read, without a consumer group (no
 * offsets are committed: a verifier leaves no trace on the cluster), decoding each {@code BlockSealed} CloudEvent
 * into its {@link Block}.
 */
final class LedgerTopic {

  private static final Duration POLL = Duration.ofMillis(200);

  private LedgerTopic() {}

  /** The topic is missing or could not be read to its end in time. */
  static final class UnreadableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableException(String message) {
      super(message);
    }
  }

  /**
   * Hands every block on {@code topic}, in offset order per partition, to {@code sink}.
   *
   * @throws UnreadableException if the topic does not exist or its end is not reached within {@code timeout}
   * @throws MalformedBlockException if a record is not a block, or names another height than its block
   * @throws org.medledger.events.MalformedEventException if a record is not a BlockSealed CloudEvent
   */
  static void forEachBlock(String bootstrap, String topic, Duration timeout, Consumer<Block> sink) {
    EventCodec codec = new EventCodec(URI.create("/medledger/ledger-verifier"), Clock.systemUTC());
    Instant deadline = Instant.now().plus(timeout);
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config(bootstrap, timeout),
        new StringDeserializer(), new CloudEventDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
      if (partitions == null || partitions.isEmpty()) {
        throw new UnreadableException("no such topic");
      }
      List<TopicPartition> assigned = partitions.stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
      while (!reached(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new UnreadableException("the end of the topic was not reached within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, CloudEvent> record : consumer.poll(POLL)) {
          BlockSealed event = codec.decodeData(record.value(), BlockSealed.class);
          Block block = LedgerJson.readBlock(event.blockJson());
          if (block.header() == null || block.height() != event.height()) {
            throw new MalformedBlockException(event.height(), "height of the block in the event at offset "
                + record.offset(), Long.toString(event.height()),
                block.header() == null ? "none" : Long.toString(block.height()));
          }
          sink.accept(block);
        }
      }
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static Properties config(String bootstrap, Duration timeout) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "medledger-ledger-verifier");
    // a mistyped topic must be reported, not created empty
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // read only committed records should a producer ever write the topic transactionally
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }
}
