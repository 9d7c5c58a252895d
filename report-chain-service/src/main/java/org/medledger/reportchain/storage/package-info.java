/**
 * Where sealed chunks live: {@link org.medledger.reportchain.storage.ObjectStore} (one bucket, S3 API) and the
 * {@link org.medledger.reportchain.storage.PlacementPolicy} that decides which buckets hold a chunk and how a
 * verified copy is read back ({@link org.medledger.reportchain.storage.MirrorPlacement}: every chunk in both
 * buckets, consecutive chunks of a report back to back in one object, each chunk read as a byte range or streamed
 * with the rest of its object). Object keys are random ({@link org.medledger.reportchain.storage.ObjectKeys}); neither keys nor
 * object metadata carry anything about the report, its patient or its doctor.
 */
package org.medledger.reportchain.storage;
