package org.medledger.reportchain.ledger;

import java.util.Map;
import java.util.TreeMap;
import org.medledger.reportchain.report.LedgerRecorder;
import reactor.core.publisher.Mono;

/**
 * The report package's {@link LedgerRecorder} seam, backed by the {@link Ledger}. What each entry holds:
 *
 * <ul>
 *   <li>report stored: kind {@code REPORT_STORED}, actor the uploading doctor, content hash the report's Merkle
 *       root (what a receipt proves), attributes {@code appointmentId}, {@code chainHead}, {@code chunkCount},
 *       {@code size} and {@code plaintextCommitment} (salted, so that whoever holds the downloaded file and its
 *       receipt can check one against the other, while a guessed file cannot be confirmed from the public
 *       ledger: the root commits to ciphertext they never see);</li>
 *   <li>report downloaded: kind {@code REPORT_DOWNLOADED}, actor the downloading user, content hash the root the
 *       download is verified against, attributes {@code outcome} ({@code started}, then {@code completed},
 *       {@code aborted} or {@code failed}), {@code bytes} served and the report's {@code size};</li>
 *   <li>keys rotated: kind {@code KEY_ROTATED}, no report, actor the admin, content hash over the KEK version,
 *       the counts and the time ({@link ContentHashes#ofFields}), the same as attributes.</li>
 * </ul>
 * The patient's id is not written: the ledger is readable by every authenticated user and replicated to other
 * hospitals, and "patient X has reports from doctor Y" is itself sensitive. The report id links to it for
 * those allowed to see the report.
 */
final class LedgerReportRecorder implements LedgerRecorder {

  private final Ledger ledger;

  LedgerReportRecorder(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Mono<String> reportStored(ReportStoredEntry entry) {
    Map<String, String> attributes = new TreeMap<>();
    putIfPresent(attributes, "appointmentId", entry.appointmentId());
    putIfPresent(attributes, "chainHead", entry.chainHead());
    putIfPresent(attributes, LedgerEntry.PLAINTEXT_COMMITMENT, entry.plaintextCommitment());
    attributes.put("chunkCount", Integer.toString(entry.chunkCount()));
    attributes.put("size", Long.toString(entry.size()));
    return ledger.append(LedgerEntryKind.REPORT_STORED, entry.doctorId(), entry.reportId(), entry.rootHash(), attributes)
        .map(LedgerEntry::id);
  }

  @Override
  public Mono<String> reportDownloaded(ReportDownloadedEntry entry) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("outcome", entry.outcome().name().toLowerCase(java.util.Locale.ROOT));
    attributes.put("bytes", Long.toString(entry.bytesServed()));
    if (entry.size() >= 0) {
      attributes.put("size", Long.toString(entry.size()));
    }
    return ledger.append(LedgerEntryKind.REPORT_DOWNLOADED, entry.userId(), entry.reportId(), entry.rootHash(),
            attributes)
        .map(LedgerEntry::id);
  }

  @Override
  public Mono<String> keysRotated(KeysRotatedEntry entry) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("kekVersion", entry.kekVersion());
    attributes.put("rewrapped", Long.toString(entry.rewrapped()));
    attributes.put("failed", Long.toString(entry.failed()));
    Map<String, String> content = new TreeMap<>(attributes);
    content.put("at", String.valueOf(entry.at()));
    return ledger.append(LedgerEntryKind.KEY_ROTATED, entry.userId(), null, ContentHashes.ofFields(content), attributes)
        .map(LedgerEntry::id);
  }

  private static void putIfPresent(Map<String, String> attributes, String key, String value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }
}
