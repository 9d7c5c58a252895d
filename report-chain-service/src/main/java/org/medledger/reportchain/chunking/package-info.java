/**
 * The streaming half of the report chain: {@link org.medledger.reportchain.chunking.Rechunker} cuts an upload's
 * arbitrary byte buffers into fixed-size plaintext chunks (holding one chunk back so the last one is known to be
 * last), and {@link org.medledger.reportchain.chunking.ReportSealer} seals each with AES-256-GCM, hashes it and
 * extends the report's hash chain and Merkle tree. Every chunk buffer is counted in
 * {@link org.medledger.reportchain.chunking.ChunkMemory}, so the memory an upload holds is observable and
 * bounded; {@link org.medledger.reportchain.chunking.TransferBudget} bounds what all transfers together may hold.
 * {@link org.medledger.reportchain.chunking.CryptoWarmUp} brings the crypto path to full speed at
 * start-up.
 */
package org.medledger.reportchain.chunking;
