#!/bin/bash
# docker-compose one-shot: creates MedLedger's topics (and their dead-letter topics) on the single-node
# broker, idempotently. The same list is declared as Strimzi KafkaTopics in k8s/base/infra/kafka-topics.yaml;
# DeploymentManifestsTest keeps the two in step.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:19092}"
PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-3}"
TOPICS=(
  medledger.identity.v1
  medledger.booking.v1
  medledger.report.v1
  medledger.access.v1
  medledger.audit.v1
  medledger.ledger.blocks.v1
  medledger.codes.v1
)
for topic in "${TOPICS[@]}"; do
  for name in "$topic" "$topic.dlt"; do
    # the ledger is replicated by other hospitals' systems: never delete its blocks by age
    retention=604800000
    case "$name" in
      medledger.ledger.blocks.v1) retention=-1 ;;
      # one-time codes are short-lived: keep them an hour at most, parked ones (still carrying the code) too
      medledger.codes.v1 | medledger.codes.v1.dlt) retention=3600000 ;;
      *.dlt) retention=2419200000 ;;
    esac
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
      --topic "$name" --partitions "$PARTITIONS" --replication-factor 1 \
      --config "retention.ms=$retention" --config min.insync.replicas=1
  done
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list
