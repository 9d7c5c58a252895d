package org.medledger.reportchain.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.types.Binary;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger's MongoDB collections; the only class that touches them. Single-document atomicity is all it
 * needs (no transactions):
 *
 * <ul>
 *   <li>{@value #PENDING}: entries appended and not yet sealed; {@code _id} = entry id. Index
 *       {@code {time, _id}} (oldest first) and {@code {reportId, kind}}.</li>
 *   <li>{@value #BLOCKS}: one document per sealed block, {@code _id} = height, so the primary key allows one
 *       block per height: of two instances sealing the same height, the second insert fails with a duplicate
 *       key and that sealer retries on the new head. The block embeds its entries (with leaf indexes) and its
 *       compact ranges, and carries the {@code BlockSealed} event in its {@code outbox} in the same insert.
 *       Unique indexes on {@code entries.id} (an entry is sealed at most once, whatever the race) and
 *       {@code treeSize}; index {@code {entries.reportId, entries.kind}} for receipts; {@code nodesWritten}
 *       for repairs.</li>
 *   <li>{@value #NODES}: every perfect-subtree node of the log's Merkle tree, {@code _id = "level:index"},
 *       {@code hash} binary: written (idempotently) after the block that completes them won its height, so
 *       inclusion and consistency proofs for any tree size are one {@code $in} query.</li>
 *   <li>{@value #QUARANTINE}: pending documents that are not valid entries (only a direct database write makes
 *       one), moved aside so they cannot stall sealing.</li>
 * </ul>
 *
 * <p>Indexes are created explicitly ({@link #ready()}, awaited by every write), not by mapping annotations, so
 * that no entry or block is written before the unique indexes exist. (mongo-java-server, in tests and the
 * embedded stack, enforces the unique ones and ignores the others with a warning.)
 */
final class LedgerStore {

  static final String PENDING = "ledger_pending";
  static final String BLOCKS = "ledger_blocks";
  static final String NODES = "ledger_nodes";
  static final String QUARANTINE = "ledger_quarantine";
  /** Block field: the key a block's {@link LedgerKeyTransition} names, so the sealer need not read its entries. */
  private static final String ANNOUNCED_KEY_ID = "announcedKeyId";

  private final ReactiveMongoTemplate mongo;
  private final AtomicReference<Mono<Void>> ready = new AtomicReference<>();

  LedgerStore(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * Completes once the indexes exist. The first caller starts creating them and every caller shares that
   * result; a failure (MongoDB not reachable yet, say) is forgotten so that the next caller tries again.
   */
  Mono<Void> ready() {
    Mono<Void> current = ready.get();
    if (current == null) {
      Mono<Void> attempt = createIndexes().doOnError(e -> ready.set(null)).cache();
      current = ready.compareAndSet(null, attempt) ? attempt : Objects.requireNonNullElse(ready.get(), attempt);
    }
    return current;
  }

  private Mono<Void> createIndexes() {
    return Flux.concat(
            mongo.indexOps(BLOCKS).createIndex(new Index().on("entries.id", Sort.Direction.ASC).unique()
                .named("entries_id_unique")),
            mongo.indexOps(BLOCKS).createIndex(new Index().on("treeSize", Sort.Direction.ASC).unique()
                .named("tree_size_unique")),
            mongo.indexOps(BLOCKS).createIndex(new Index().on("entries.reportId", Sort.Direction.ASC)
                .on("entries.kind", Sort.Direction.ASC).named("entries_report_kind")),
            mongo.indexOps(BLOCKS).createIndex(new Index().on("nodesWritten", Sort.Direction.ASC)
                .named("nodes_written")),
            mongo.indexOps(PENDING).createIndex(new Index().on("time", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC).named("time_id")),
            mongo.indexOps(PENDING).createIndex(new Index().on("reportId", Sort.Direction.ASC)
                .on("kind", Sort.Direction.ASC).named("report_kind")))
        .then();
  }

  // ---- pending entries

  Mono<LedgerEntry> insertPending(LedgerEntry entry) {
    return ready().then(mongo.insert(entryDocument(entry, true), PENDING)).thenReturn(entry);
  }

  /**
   * The oldest pending entries, in the order they will be sealed, at most {@code limit} of them and at most
   * {@code maxJsonBytes} of entry JSON (at least one entry), so that a block's event fits a Kafka record. Documents
   * that are not valid entries (only a direct database write can make one) come back apart, for quarantine,
   * instead of blocking the queue.
   */
  Mono<PendingBatch> oldestPending(int limit, int maxJsonBytes) {
    Query query = new Query().with(Sort.by("time", "_id")).limit(limit);
    return mongo.find(query, Document.class, PENDING).collectList().map(docs -> {
      List<LedgerEntry> entries = new ArrayList<>();
      List<Object> invalid = new ArrayList<>();
      long bytes = 0;
      for (Document doc : docs) {
        LedgerEntry entry;
        try {
          entry = entry(doc, null);
          LedgerEncoding.entry(entry);
        } catch (LedgerVerificationException | ClassCastException e) {
          invalid.add(doc.get("_id"));
          continue;
        }
        bytes += LedgerJson.writeBytes(entry).length;
        if (!entries.isEmpty() && bytes > maxJsonBytes) {
          break;
        }
        entries.add(entry);
      }
      return new PendingBatch(entries, invalid);
    });
  }

  /** Moves pending documents that are not valid entries to {@value #QUARANTINE}, where operators can see them. */
  Mono<Long> quarantine(List<Object> ids) {
    Query query = new Query(Criteria.where("_id").in(ids));
    return mongo.find(query, Document.class, PENDING)
        .concatMap(doc -> mongo.save(doc, QUARANTINE))
        .then(mongo.remove(query, PENDING))
        .map(result -> result.getDeletedCount());
  }

  Mono<LedgerEntry> pending(String entryId) {
    return mongo.findById(entryId, Document.class, PENDING).map(doc -> entry(doc, null));
  }

  Flux<LedgerEntry> pendingForReport(String reportId, LedgerEntryKind kind) {
    Criteria criteria = Criteria.where("reportId").is(reportId);
    if (kind != null) {
      criteria = criteria.and("kind").is(kind.name());
    }
    return mongo.find(new Query(criteria).with(Sort.by("time", "_id")), Document.class, PENDING)
        .map(doc -> entry(doc, null));
  }

  Mono<Long> deletePending(Collection<String> entryIds) {
    return mongo.remove(new Query(Criteria.where("_id").in(entryIds)), PENDING)
        .map(result -> result.getDeletedCount());
  }

  // ---- blocks

  /** Which of {@code entryIds} some block already holds. */
  Mono<Set<String>> sealedAmong(Collection<String> entryIds) {
    Query query = new Query(Criteria.where("entries.id").in(entryIds));
    query.fields().include("entries.id");
    return mongo.find(query, Document.class, BLOCKS)
        .flatMapIterable(doc -> doc.getList("entries", Document.class))
        .map(entry -> entry.getString("id"))
        .filter(entryIds::contains)
        .collect(HashSet::new, Set::add);
  }

  /**
   * Inserts a sealed block with its outbox event. Fails with Spring's {@code DuplicateKeyException} if the
   * height (or an entry, or the tree size) is taken: the caller lost the race.
   */
  Mono<Void> insertBlock(Block block, List<String> rangeAfter, OutgoingEvent event) {
    Document doc = blockDocument(block, rangeAfter);
    doc.put("outbox", new ArrayList<>(List.of(outboxDocument(event))));
    return ready().then(mongo.insert(doc, BLOCKS)).then();
  }

  /** The latest block's header and compact range after it, without its entries. */
  Mono<StoredHead> latestHead() {
    Query query = new Query().with(Sort.by(Sort.Direction.DESC, "_id")).limit(1);
    query.fields().exclude("entries").exclude("outbox").exclude("treeRangeBefore");
    return mongo.findOne(query, Document.class, BLOCKS)
        .map(doc -> new StoredHead(header(doc), strings(doc, "treeRangeAfter"), doc.getString(ANNOUNCED_KEY_ID)));
  }

  /** The header of the block whose tree size is {@code treeSize}, if a block ends exactly there. */
  Mono<SignedHeader> headerAtTreeSize(long treeSize) {
    Query query = new Query(Criteria.where("treeSize").is(treeSize));
    query.fields().exclude("entries").exclude("outbox").exclude("treeRangeBefore").exclude("treeRangeAfter");
    return mongo.findOne(query, Document.class, BLOCKS).map(LedgerStore::header);
  }

  Mono<Block> block(long height) {
    return mongo.findOne(new Query(Criteria.where("_id").is(height)), Document.class, BLOCKS).map(LedgerStore::block);
  }

  /** Blocks from {@code fromHeight} up, in height order. */
  Flux<Block> blocks(long fromHeight, int limit) {
    Query query = new Query(Criteria.where("_id").gte(fromHeight)).with(Sort.by("_id")).limit(limit);
    return mongo.find(query, Document.class, BLOCKS).map(LedgerStore::block);
  }

  /** The block that sealed {@code entryId}. */
  Mono<Block> blockWithEntry(String entryId) {
    return mongo.findOne(new Query(Criteria.where("entries.id").is(entryId)), Document.class, BLOCKS)
        .map(LedgerStore::block);
  }

  /** Blocks holding entries of {@code kind} about no report (key rotations, say), in height order. */
  Flux<Block> blocksWithKind(LedgerEntryKind kind) {
    Criteria criteria = Criteria.where("entries").elemMatch(Criteria.where("reportId").is(null).and("kind").is(kind.name()));
    return mongo.find(new Query(criteria).with(Sort.by("_id")), Document.class, BLOCKS).map(LedgerStore::block);
  }

  /** Blocks holding entries about {@code reportId} (of {@code kind}, if given), in height order. */
  Flux<Block> blocksForReport(String reportId, LedgerEntryKind kind) {
    Criteria criteria = kind == null
        ? Criteria.where("entries.reportId").is(reportId)
        : Criteria.where("entries").elemMatch(Criteria.where("reportId").is(reportId).and("kind").is(kind.name()));
    return mongo.find(new Query(criteria).with(Sort.by("_id")), Document.class, BLOCKS).map(LedgerStore::block);
  }

  // ---- Merkle nodes

  Mono<Void> writeNodes(Map<String, byte[]> nodes) {
    if (nodes.isEmpty()) {
      return Mono.empty();
    }
    ReactiveBulkOperations bulk = mongo.bulkOps(BulkMode.UNORDERED, NODES);
    nodes.forEach((id, hash) ->
        bulk.upsert(new Query(Criteria.where("_id").is(id)), new Update().set("hash", new Binary(hash))));
    return bulk.execute().then();
  }

  Mono<Void> markNodesWritten(long height) {
    return mongo.updateFirst(new Query(Criteria.where("_id").is(height)), new Update().set("nodesWritten", true), BLOCKS)
        .then();
  }

  /** Blocks whose nodes are not (known to be) written: a sealer stopped between insert and node write. */
  Flux<Block> blocksMissingNodes() {
    return mongo.find(new Query(Criteria.where("nodesWritten").is(false)).with(Sort.by("_id")), Document.class, BLOCKS)
        .map(LedgerStore::block);
  }

  Mono<Map<String, byte[]>> nodes(Collection<String> ids) {
    return mongo.find(new Query(Criteria.where("_id").in(ids)), Document.class, NODES)
        .collect(HashMap::new, (map, doc) -> map.put(doc.getString("_id"), doc.get("hash", Binary.class).getData()));
  }

  // ---- mapping

  /** Pending entries to seal, and ids of pending documents that are not valid entries. */
  record PendingBatch(List<LedgerEntry> entries, List<Object> invalid) {}

  /**
   * The latest block's header, the compact range of the log after it, and the key it announced (see
   * {@link LedgerKeyTransition}), if any.
   */
  record StoredHead(SignedHeader header, List<String> rangeAfter, String announcedKeyId) {

    /** The key that must sign the next block. */
    String nextKeyId() {
      return announcedKeyId != null ? announcedKeyId : header.keyId();
    }
  }

  private Document outboxDocument(OutgoingEvent event) {
    Document doc = new Document();
    mongo.getConverter().write(event, doc);
    return doc;
  }

  private static Document blockDocument(Block block, List<String> rangeAfter) {
    SignedHeader header = block.header();
    List<Document> entries = block.entries().stream().map(entry -> entryDocument(entry, false)).toList();
    LedgerKeyTransition transition = LedgerKeyTransition.in(block);
    return new Document("_id", header.height())
        .append("version", header.version())
        .append("previousHash", header.previousHash())
        .append("entryCount", header.entryCount())
        .append("entriesRoot", header.entriesRoot())
        .append("treeSize", header.treeSize())
        .append("treeRoot", header.treeRoot())
        .append("sealedAt", Date.from(header.sealedAt()))
        .append("keyId", header.keyId())
        .append("blockHash", header.blockHash())
        .append("signature", header.signature())
        .append("treeRangeBefore", block.treeRangeBefore())
        .append("treeRangeAfter", rangeAfter)
        .append("entries", entries)
        .append(ANNOUNCED_KEY_ID, transition == null ? null : transition.keyId())
        .append("nodesWritten", false);
  }

  private static Document entryDocument(LedgerEntry entry, boolean pending) {
    Document doc = new Document(pending ? "_id" : "id", entry.id())
        .append("kind", entry.kind().name())
        .append("actor", entry.actor())
        .append("reportId", entry.reportId())
        .append("time", Date.from(entry.time()))
        .append("contentHash", entry.contentHash())
        .append("attributes", new Document(entry.attributes()));
    if (!pending) {
      doc.append("leafIndex", entry.leafIndex());
    }
    return doc;
  }

  static SignedHeader header(Document doc) {
    return new SignedHeader(number(doc, "version").intValue(), number(doc, "_id").longValue(),
        doc.getString("previousHash"), number(doc, "entryCount").intValue(), doc.getString("entriesRoot"),
        number(doc, "treeSize").longValue(), doc.getString("treeRoot"), instant(doc, "sealedAt"),
        doc.getString("keyId"), doc.getString("blockHash"), doc.getString("signature"));
  }

  static Block block(Document doc) {
    SignedHeader header = header(doc);
    List<LedgerEntry> entries = doc.getList("entries", Document.class, List.of()).stream()
        .map(entry -> entry(entry, header.height()))
        .toList();
    return new Block(header, strings(doc, "treeRangeBefore"), entries);
  }

  private static LedgerEntry entry(Document doc, Long blockHeight) {
    long height = blockHeight == null ? -1 : blockHeight;
    String kindName = doc.getString("kind");
    LedgerEntryKind kind;
    try {
      kind = LedgerEntryKind.valueOf(kindName);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedBlockException(height, "stored entry kind", "a LedgerEntryKind", String.valueOf(kindName));
    }
    Map<String, String> attributes = new TreeMap<>();
    Document stored = doc.get("attributes", Document.class);
    if (stored != null) {
      stored.forEach((key, value) -> attributes.put(key, value == null ? null : value.toString()));
    }
    Object leafIndex = doc.get("leafIndex");
    return new LedgerEntry(doc.getString(blockHeight == null ? "_id" : "id"), kind, doc.getString("actor"),
        doc.getString("reportId"), instant(doc, "time"), doc.getString("contentHash"), new TreeMap<>(attributes),
        leafIndex instanceof Number n ? n.longValue() : null, blockHeight);
  }

  private static List<String> strings(Document doc, String field) {
    return doc.getList(field, String.class, List.of());
  }

  private static Number number(Document doc, String field) {
    Object value = doc.get(field);
    if (value instanceof Number number) {
      return number;
    }
    throw new MalformedBlockException(-1, "stored field " + field, "a number", String.valueOf(value));
  }

  private static Instant instant(Document doc, String field) {
    Date date = doc.getDate(field);
    return date == null ? null : date.toInstant();
  }
}
