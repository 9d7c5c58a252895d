package org.medledger.reportchain.ledger;

import org.medledger.reportchain.crypto.LedgerSigner;

/** The deployment's ledger signing key, resolved once by {@link LedgerConfiguration}. */
record LedgerKey(LedgerSigner signer) {}
