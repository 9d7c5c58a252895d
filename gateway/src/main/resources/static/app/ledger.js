// Checks a report's receipt in the browser with Web Crypto, so the user need not trust the server for it:
//  1. the Merkle root over the report's chunk hashes (RFC 6962: leaf = SHA-256(0x00 || h),
//     node = SHA-256(0x01 || left || right), split at the largest power of two below n) equals the receipt's root;
//  2. the ledger entry names this report and records that root;
//  3. the entry's canonical bytes hash to the receipt's leaf hash, and the inclusion proof (RFC 9162 §2.1.3.2)
//     leads from it to the signed tree root;
//  4. the block header's 161 bytes hash to the block hash and carry a valid Ed25519 signature by the ledger key.
// The byte layouts are report-chain-service's LedgerEncoding (entry "MLLE", header "MLBH"). No dependencies.

const encoder = new TextEncoder();

const ENTRY_KINDS = {
  REPORT_STORED: 1, ACCESS_REQUESTED: 2, ACCESS_GRANTED: 3, ACCESS_DENIED: 4, ACCESS_REVOKED: 5,
  DOWNLOAD_CODE_ISSUED: 6, REPORT_DOWNLOADED: 7, ACCESS_DENIED_ATTEMPT: 8, AUDIT_RESULT: 9, KEY_ROTATED: 10,
};

/** Lower-case hex of bytes. */
export function toHex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of a hex string of exactly `length` bytes; throws naming `what` otherwise. */
export function fromHex(text, length, what) {
  if (typeof text !== 'string' || text.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new Error(`${what} is not ${length} bytes of hex`);
  }
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    bytes[i] = parseInt(text.substr(i * 2, 2), 16);
  }
  return bytes;
}

function concat(...parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export async function sha256(...parts) {
  const bytes = concat(...parts.map(p => (p instanceof Uint8Array ? p : new Uint8Array(p))));
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

export const hashLeaf = data => sha256([0x00], data);
export const hashChildren = (left, right) => sha256([0x01], left, right);

function largestPowerOfTwoBelow(n) {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

/** RFC 6962 Merkle tree hash over already-hashed leaves. */
export async function merkleRootOfLeaves(leaves) {
  if (leaves.length === 0) {
    return sha256(new Uint8Array(0));
  }
  if (leaves.length === 1) {
    return leaves[0];
  }
  const k = largestPowerOfTwoBelow(leaves.length);
  return hashChildren(await merkleRootOfLeaves(leaves.slice(0, k)), await merkleRootOfLeaves(leaves.slice(k)));
}

/** The Merkle root over a report's chunk hashes (each a 32-byte SHA-256 of a chunk), as hex. */
export async function merkleRootOfChunks(chunkHashesHex) {
  const leaves = await Promise.all(chunkHashesHex.map((hash, i) => hashLeaf(fromHex(hash, 32, `chunk hash ${i}`))));
  return toHex(await merkleRootOfLeaves(leaves));
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to; throws on a malformed proof. */
export async function rootFromInclusionProof(leafIndex, treeSize, leafHash, proof) {
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  if (fn < 0n || fn > sn) {
    throw new Error(`leaf index ${leafIndex} is not inside a tree of ${treeSize}`);
  }
  let r = leafHash;
  for (const [i, siblingHex] of proof.entries()) {
    const sibling = fromHex(siblingHex, 32, `proof hash ${i}`);
    if (sn === 0n) {
      throw new Error('the proof is longer than the path to the root');
    }
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hashChildren(sibling, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await hashChildren(r, sibling);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) {
    throw new Error('the proof is shorter than the path to the root');
  }
  return r;
}

function u16(value) {
  return new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
}

function i64(value) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
  return bytes;
}

function u32(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

function text(value, what) {
  const bytes = encoder.encode(value);
  if (bytes.length > 0xffff) {
    throw new Error(`${what} is too long`);
  }
  return concat(u16(bytes.length), bytes);
}

function millis(value, what) {
  const ms = typeof value === 'number' ? Math.round(value * 1000) : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new Error(`${what} is not a time`);
  }
  return ms;
}

/** The canonical bytes of a ledger entry (LedgerEncoding.entry). */
export function entryBytes(entry) {
  const kind = ENTRY_KINDS[entry.kind];
  if (!kind) {
    throw new Error(`unknown entry kind ${entry.kind}`);
  }
  const uuid = fromHex(String(entry.id || '').replace(/-/g, ''), 16, 'entry id');
  const attributes = entry.attributes || {};
  const keys = Object.keys(attributes).sort();
  return concat(
    encoder.encode('MLLE'), [0x01, kind], uuid, i64(millis(entry.time, 'entry time')),
    fromHex(entry.contentHash, 32, 'entry content hash'),
    text(entry.actor, 'actor'),
    entry.reportId ? concat([0x01], text(entry.reportId, 'report id')) : [0x00],
    u16(keys.length),
    ...keys.flatMap(key => [text(key, 'attribute key'), text(String(attributes[key] ?? ''), 'attribute value')]),
  );
}

/** The 161 signed bytes of a block header (LedgerEncoding.header). */
export function headerBytes(head) {
  return concat(
    encoder.encode('MLBH'), [0x01], i64(head.height),
    fromHex(head.previousHash, 32, 'previous block hash'), u32(head.entryCount),
    fromHex(head.entriesRoot, 32, 'entries root'), i64(head.treeSize),
    fromHex(head.treeRoot, 32, 'tree root'), i64(millis(head.sealedAt, 'sealed at')),
    fromHex(head.keyId, 32, 'key id'));
}

function base64(textValue) {
  const clean = textValue.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

/**
 * Imports the ledger's public key from what GET /api/ledger/public-key answered: PEM text, a JWK (OKP/Ed25519),
 * or JSON naming base64 SubjectPublicKeyInfo DER (publicKey, spki, der, pem or key). Returns {key, keyId}.
 */
export async function importLedgerKey(answer) {
  let key;
  if (answer && typeof answer === 'object' && answer.kty) {
    key = await crypto.subtle.importKey('jwk', answer, { name: 'Ed25519' }, true, ['verify']);
  } else {
    const value = typeof answer === 'string' ? answer
      : answer && (answer.publicKey || answer.spki || answer.der || answer.pem || answer.key);
    if (!value) {
      throw new Error('the public key answer names no key');
    }
    if (typeof value === 'object' && value.kty) {
      return importLedgerKey(value);
    }
    key = await crypto.subtle.importKey('spki', base64(value), { name: 'Ed25519' }, true, ['verify']);
  }
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  return { key, keyId: toHex(await sha256(spki)) };
}

/** The parts of a receipt, whatever nesting the service chose. */
export function normalizeReceipt(receipt) {
  const ledger = receipt.ledger || receipt.ledgerReceipt || receipt.inclusion || (receipt.entry ? receipt : null);
  let chunkHashes = receipt.chunkHashes || null;
  const chunks = receipt.chunks || receipt.manifest?.chunks;
  if (!chunkHashes && Array.isArray(chunks)) {
    chunkHashes = [...chunks]
      .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
      .map(c => (typeof c === 'string' ? c : c.hash || c.ciphertextHash || c.sha256 || c.chunkHash));
  }
  return {
    reportId: receipt.reportId || ledger?.entry?.reportId || null,
    ledgerEntryId: receipt.ledgerEntryId || null,
    root: receipt.rootHash || receipt.merkleRoot || receipt.root || null,
    chunkHashes,
    ledger,
  };
}

function check(label, ok, detail, expected, actual) {
  return { label, ok, detail, expected, actual };
}

/**
 * Runs every check the receipt allows. Each result: {label, ok (true, false, or null when it could not run),
 * detail, expected, actual}. `reportId` and `metadataRoot` come from the report's metadata; `publicKeyAnswer` from
 * GET /api/ledger/public-key (or null when unavailable); `file`, when given, is the user's copy of the report, checked
 * against the entry's salted commitment (SHA-256("medledger-plaintext-v1" || salt || SHA-256(file))).
 */
export async function verifyReceipt(rawReceipt, { reportId, metadataRoot, publicKeyAnswer, ledgerNote, file }) {
  const receipt = normalizeReceipt(rawReceipt);
  const results = [];
  const guard = async (label, body) => {
    try {
      results.push(await body());
    } catch (e) {
      results.push(check(label, false, e.message));
    }
  };
  let root = receipt.root;

  if (receipt.chunkHashes && receipt.chunkHashes.length) {
    await guard('Merkle root recomputed from the chunk hashes', async () => {
      const computed = await merkleRootOfChunks(receipt.chunkHashes);
      const expected = receipt.root || metadataRoot;
      root = root || computed;
      return check('Merkle root recomputed from the chunk hashes', computed === expected?.toLowerCase(),
        `${receipt.chunkHashes.length} chunk hashes`, expected, computed);
    });
  } else {
    results.push(check('Merkle root recomputed from the chunk hashes', null, 'The receipt lists no chunk hashes.'));
  }
  if (metadataRoot && root) {
    results.push(check('Receipt root equals the report\'s root hash', metadataRoot.toLowerCase() === root.toLowerCase(),
      '', metadataRoot, root));
  }

  const ledger = receipt.ledger;
  if (!ledger || !ledger.entry) {
    results.push(check('Ledger inclusion', null, ledgerNote || 'The receipt carries no ledger proof.'));
    return results;
  }
  const { entry, head } = ledger;
  results.push(check('Ledger entry records this report',
    entry.kind === 'REPORT_STORED' && (!reportId || entry.reportId === reportId)
      && (!receipt.ledgerEntryId || entry.id === receipt.ledgerEntryId)
      && (!root || String(entry.contentHash).toLowerCase() === root.toLowerCase()),
    `${entry.kind} of report ${entry.reportId}`, root, entry.contentHash));

  if (file) {
    const label = 'Your file is the one the ledger entry commits to';
    await guard(label, async () => {
      const committed = entry.attributes?.plaintextCommitment;
      if (!committed || !rawReceipt.plaintextSalt) {
        return check(label, null, 'This report was stored before the ledger committed to files.');
      }
      // the whole file is read into memory: fine for reports, which are documents and scans
      const fileHash = await sha256(new Uint8Array(await file.arrayBuffer()));
      const computed = toHex(await sha256(concat(encoder.encode('medledger-plaintext-v1'),
        fromHex(rawReceipt.plaintextSalt, 32, 'salt'), fileHash)));
      return check(label, computed === committed, `${file.name}, ${file.size} bytes`, committed, computed);
    });
  }

  let leaf = null;
  await guard('Entry bytes hash to the leaf hash', async () => {
    leaf = await hashLeaf(entryBytes(entry));
    const computed = toHex(leaf);
    return check('Entry bytes hash to the leaf hash', !ledger.leafHash || computed === ledger.leafHash, '',
      ledger.leafHash, computed);
  });
  if (!head) {
    results.push(check('Inclusion in the signed ledger', null, 'The receipt carries no signed head.'));
    return results;
  }
  await guard('Inclusion proof leads to the signed tree root', async () => {
    const treeSize = ledger.treeSize ?? head.treeSize;
    const index = ledger.leafIndex ?? entry.leafIndex;
    const leafHash = leaf || fromHex(ledger.leafHash, 32, 'leaf hash');
    const computed = toHex(await rootFromInclusionProof(index, treeSize, leafHash, ledger.auditPath || ledger.proof || []));
    const sameTree = Number(treeSize) === Number(head.treeSize);
    return check('Inclusion proof leads to the signed tree root', computed === head.treeRoot && sameTree,
      `entry ${index} of ${treeSize}`, head.treeRoot, computed);
  });
  const header = headerBytes(head);
  await guard('Block header hashes to the block hash', async () => {
    const computed = toHex(await sha256(header));
    return check('Block header hashes to the block hash', !head.blockHash || computed === head.blockHash,
      `block ${head.height}`, head.blockHash, computed);
  });
  if (!publicKeyAnswer) {
    results.push(check('Ledger signature', null, 'The ledger\'s public key could not be loaded.'));
    return results;
  }
  await guard('Ledger signature', async () => {
    const { key, keyId } = await importLedgerKey(publicKeyAnswer);
    if (keyId !== head.keyId) {
      return check('Ledger signature', false, 'The block was signed by another key.', head.keyId, keyId);
    }
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromHex(head.signature, 64, 'signature'), header);
    return check('Ledger signature', valid, `Ed25519, key ${keyId.slice(0, 16)}…`);
  });
  return results;
}
