// "Verify": fetches the report's receipt (GET /api/reports/{id}/receipt) and the ledger's public key, and checks
// them here in the browser with Web Crypto (see ../ledger.js), showing every check with both values on a mismatch.

import { api, get, query } from '../api.js';
import { busy, errorBox, h, replace, unavailableNote } from '../dom.js';
import { verifyReceipt } from '../ledger.js';

async function publicKey() {
  try {
    const response = await api('/api/ledger/public-key',
      { raw: true, headers: { Accept: 'application/json, application/x-pem-file, text/plain;q=0.9, */*;q=0.8' } });
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  } catch {
    return null;
  }
}

/** The receipt names its ledger entry; the ledger proves the entry's inclusion under a signed head. */
async function inclusionProof(receipt) {
  if (receipt.ledger || receipt.entry || !receipt.ledgerEntryId) {
    return {};
  }
  try {
    return { proof: await get(`/api/ledger/proofs/inclusion${query({ entry: receipt.ledgerEntryId })}`) };
  } catch (e) {
    return { note: e.status === 409
      ? 'The ledger has not sealed this entry into a signed block yet; try again in a few seconds.'
      : `The ledger's proof could not be loaded: ${e.detail}` };
  }
}

export function verifyPanel(report, id) {
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button button-secondary', id: 'verify-button' }, 'Verify against the ledger');
  const fileInput = h('input', { type: 'file', id: 'verify-file', 'aria-describedby': 'verify-file-hint' });
  button.addEventListener('click', () => busy(button, async () => {
    replace(result, h('p', { class: 'loading' }, 'Checking…'));
    let receipt;
    try {
      receipt = await get(`/api/reports/${encodeURIComponent(id)}/receipt`);
    } catch (e) {
      replace(result, e.unavailable ? unavailableNote(e, 'The receipt') : errorBox(e));
      return;
    }
    const { proof, note } = await inclusionProof(receipt);
    try {
      const checks = await verifyReceipt(proof ? { ...receipt, ledger: proof } : receipt,
        { reportId: report.id || id, metadataRoot: report.rootHash, publicKeyAnswer: await publicKey(), ledgerNote: note,
          file: fileInput.files[0] || null });
      replace(result, summary(checks), checkList(checks));
    } catch (e) {
      replace(result, errorBox({ title: 'The receipt could not be checked.', detail: e.message }));
    }
  }));
  return h('section', { class: 'subpanel', 'aria-labelledby': 'verify-heading' },
    h('h2', { id: 'verify-heading' }, 'Verify'),
    h('p', {}, 'Checks in your browser, without trusting our servers for it, that this report is the one recorded on '
      + 'the hospital\'s signed ledger: the chunk hashes give its Merkle root, and the ledger\'s inclusion proof and '
      + 'signature cover that root.'),
    h('div', { class: 'field' },
      h('label', { for: 'verify-file' }, 'Your downloaded copy (optional)'),
      fileInput,
      h('p', { class: 'hint', id: 'verify-file-hint' },
        'Choose the file you downloaded to check that it is exactly the report on the ledger. It stays on your device.')),
    button, result);
}

function summary(checks) {
  const failed = checks.filter(c => c.ok === false);
  const skipped = checks.filter(c => c.ok === null);
  if (failed.length) {
    return h('div', { class: 'alert alert-error verify-summary', dataset: { outcome: 'mismatch' } },
      h('strong', {}, 'Mismatch.'),
      ` ${failed.length} ${failed.length === 1 ? 'check' : 'checks'} failed: this report does not match its ledger record.`);
  }
  if (skipped.length) {
    return h('div', { class: 'alert alert-info verify-summary', dataset: { outcome: 'partial' } },
      h('strong', {}, 'Partly verified.'), ' Every check that could run passed; some could not run (see below).');
  }
  return h('div', { class: 'alert alert-success verify-summary', dataset: { outcome: 'match' } },
    h('strong', {}, 'Verified.'), ' The report matches its signed ledger record.');
}

function checkList(checks) {
  const outcome = c => (c.ok === true ? 'ok' : c.ok === false ? 'bad' : 'skipped');
  const marks = { ok: ['✓', 'Passed: '], bad: ['✗', 'Failed: '], skipped: ['–', 'Not checked: '] };
  return h('ul', { class: 'checks' }, checks.map(c => h('li', { class: `check check-${outcome(c)}` },
    h('span', { class: 'check-mark', 'aria-hidden': 'true' }, marks[outcome(c)][0]),
    h('span', { class: 'visually-hidden' }, marks[outcome(c)][1]),
    h('span', { class: 'check-label' }, c.label),
    c.detail ? h('span', { class: 'check-detail' }, ` — ${c.detail}`) : null,
    c.ok === false && (c.expected || c.actual) ? h('dl', { class: 'check-values' },
      h('dt', {}, 'Expected'), h('dd', {}, h('code', {}, c.expected || '—')),
      h('dt', {}, 'Computed'), h('dd', {}, h('code', {}, c.actual || '—'))) : null)));
}
