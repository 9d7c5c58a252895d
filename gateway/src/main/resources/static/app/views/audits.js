// Auditor: start an integrity audit (POST /api/audits {scope, reportId?, fraction?}), list past audits
// (GET /api/audits) and follow one (GET /api/audits/{id}) with its progress, findings and repairs.

import { get, items, post, query } from '../api.js';
import {
  add, busy, errorBox, field, formatDateTime, formValues, h, pageHeading, replace, showFieldError, showFormError,
  statusBadge, unavailableNote,
} from '../dom.js';

const RUNNING = new Set(['PENDING', 'QUEUED', 'RUNNING', 'STARTED', 'IN_PROGRESS']);
const POLL_MS = 2000;

export async function renderList({ main }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  const list = h('div', { id: 'audit-list' });
  add(page, pageHeading('Integrity audits'),
    h('p', {}, 'An audit checks every stored chunk copy in both buckets against the manifest and the ledger, repairs '
      + 'damaged or missing copies from the healthy one, and records its result on the ledger. Audits also run on a schedule.'),
    startForm(),
    h('h2', { id: 'past-audits' }, 'Past audits'),
    list);
  try {
    const audits = items(await get(`/api/audits${query({ size: 50 })}`));
    replace(list, audits.length ? auditTable(audits) : h('p', { class: 'empty' }, 'No audits yet.'));
  } catch (e) {
    replace(list, e.unavailable ? unavailableNote(e, 'The audit list') : errorBox(e));
  }
}

function startForm() {
  const scopes = h('fieldset', { class: 'scopes', 'data-field': 'scope' },
    h('legend', {}, 'What to audit'),
    [['ALL', 'Every report'], ['SAMPLE', 'A random sample of chunks'], ['REPORT', 'One report']].map(([value, label], i) => {
      const id = `scope-${value}`;
      return h('div', { class: 'choice' },
        h('input', { type: 'radio', name: 'scope', value, id, checked: i === 0 }),
        h('label', { for: id }, label));
    }),
    h('p', { class: 'field-error', hidden: true }));
  const fraction = field({ label: 'Share of chunks to check (%)', name: 'fraction', type: 'number', min: 1, max: 100,
    value: '10', inputmode: 'numeric' });
  const report = field({ label: 'Report id', name: 'reportId', autocomplete: 'off' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'start-audit' },
    h('h2', { id: 'start-audit' }, 'Start an audit'),
    scopes, fraction, report,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Start audit')));
  const sync = () => {
    const scope = formValues(form).scope;
    fraction.hidden = scope !== 'SAMPLE';
    report.hidden = scope !== 'REPORT';
  };
  form.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = formValues(form);
    const body = { scope: values.scope };
    if (values.scope === 'REPORT') {
      if (!values.reportId) {
        showFieldError(form, 'reportId', 'Enter the report to audit.');
        return;
      }
      body.reportId = values.reportId;
    }
    if (values.scope === 'SAMPLE') {
      const percent = Number(values.fraction);
      if (!(percent > 0 && percent <= 100)) {
        showFieldError(form, 'fraction', 'Enter 1 to 100 per cent.');
        return;
      }
      body.fraction = percent / 100;
    }
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const started = await post('/api/audits', body);
        location.hash = `#/audits/${encodeURIComponent(started.id)}`;
      } catch (e) {
        showFormError(form, e);
      }
    });
  });
  return form;
}

function auditTable(audits) {
  return h('table', { class: 'table', 'aria-labelledby': 'past-audits' },
    h('thead', {}, h('tr', {},
      ['Started', 'Scope', 'Status', 'Damaged', 'Repaired', 'Lost'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, audits.map(a => {
      const counts = countsOf(a);
      return h('tr', { dataset: { auditId: a.id } },
        h('td', { 'data-label': 'Started' },
          h('a', { href: `#/audits/${encodeURIComponent(a.id)}` }, formatDateTime(a.startedAt || a.createdAt))),
        h('td', { 'data-label': 'Scope' }, a.scope || '—'),
        h('td', { 'data-label': 'Status' }, statusBadge(a.status)),
        h('td', { 'data-label': 'Damaged' }, counts.damaged ?? '—'),
        h('td', { 'data-label': 'Repaired' }, counts.repaired ?? '—'),
        h('td', { 'data-label': 'Lost' }, counts.lost ?? '—'));
    })));
}

function countsOf(audit) {
  const c = audit.counts || audit.summary || audit;
  return {
    checked: c.chunksChecked ?? c.checked, damaged: c.damaged ?? c.chunksDamaged, repaired: c.repaired ?? c.chunksRepaired,
    lost: c.lost ?? c.chunksLost, total: c.chunksTotal ?? c.total,
  };
}

export async function renderOne({ main, params }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  const body = h('div', { id: 'audit-detail', 'aria-live': 'polite', 'aria-busy': 'true' });
  add(page, pageHeading('Audit'), body, h('p', {}, h('a', { href: '#/audits' }, 'All audits')));
  let timer = null;
  let stopped = false;
  const load = async () => {
    try {
      const audit = await get(`/api/audits/${encodeURIComponent(params.id)}`);
      replace(body, detail(audit));
      const running = RUNNING.has(String(audit.status).toUpperCase());
      body.setAttribute('aria-busy', String(running));
      if (running && !stopped) {
        timer = setTimeout(load, POLL_MS);
      }
    } catch (e) {
      body.setAttribute('aria-busy', 'false');
      replace(body, e.unavailable ? unavailableNote(e, 'This audit') : errorBox(e));
    }
  };
  await load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function detail(audit) {
  const counts = countsOf(audit);
  const findings = audit.findings || [];
  const repairs = audit.repairs || [];
  const progress = counts.total ? Math.floor(((counts.checked || 0) / counts.total) * 100) : null;
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Status'), h('dd', { id: 'audit-status' }, statusBadge(audit.status)),
      h('dt', {}, 'Scope'), h('dd', {}, `${audit.scope || '—'}${audit.reportId ? ` (report ${audit.reportId})` : ''}`
        + `${audit.fraction ? ` (${Math.round(audit.fraction * 100)}% of chunks)` : ''}`),
      h('dt', {}, 'Started'), h('dd', {}, formatDateTime(audit.startedAt || audit.createdAt)),
      audit.finishedAt || audit.completedAt
        ? [h('dt', {}, 'Finished'), h('dd', {}, formatDateTime(audit.finishedAt || audit.completedAt))]
        : null,
      audit.reportsChecked !== undefined ? [h('dt', {}, 'Reports checked'), h('dd', {}, audit.reportsChecked)] : null,
      h('dt', {}, 'Chunks checked'), h('dd', {}, `${counts.checked ?? '—'}${counts.total ? ` of ${counts.total}` : ''}`),
      audit.copiesChecked !== undefined ? [h('dt', {}, 'Copies checked'), h('dd', {}, audit.copiesChecked)] : null,
      h('dt', {}, 'Damaged'), h('dd', {}, counts.damaged ?? '—'),
      h('dt', {}, 'Repaired'), h('dd', {}, counts.repaired ?? '—'),
      h('dt', {}, 'Lost'), h('dd', {}, counts.lost ?? '—'),
      audit.ledgerStatus || audit.ledger ? [h('dt', {}, 'Ledger'), h('dd', {}, ledgerText(audit))] : null),
    audit.error ? errorBox({ title: 'The audit failed.', detail: audit.error }) : null,
    progress !== null ? h('progress', { max: 100, value: progress, 'aria-label': 'Audit progress' }) : null,
    h('h2', {}, 'Findings'),
    findings.length ? table(findings, 'Findings') : h('p', { class: 'empty' }, 'No findings.'),
    repairs.length ? [h('h2', {}, 'Repairs'), table(repairs, 'Repairs')] : null,
  ];
}

function ledgerText(audit) {
  if (!audit.ledgerStatus) {
    return describe(audit.ledger);
  }
  const known = value => value !== undefined && value !== null;
  return audit.ledgerStatus
    + (known(audit.ledgerHeight) ? `, checked up to block ${audit.ledgerHeight}` : '')
    + (known(audit.ledgerBrokenAt) ? `, broken at block ${audit.ledgerBrokenAt}` : '')
    + (audit.ledgerProblem ? ` (${audit.ledgerProblem})` : '');
}

function describe(value) {
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  }
  return String(value);
}

/** A table over whatever simple fields the rows carry. */
function table(rows, label) {
  const columns = [...new Set(rows.flatMap(row => Object.keys(row)))].slice(0, 8);
  const title = key => key.replace(/([A-Z])/g, ' $1').replace(/^./, c => c.toUpperCase());
  return h('table', { class: 'table', 'aria-label': label },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, title(c))))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map(c => h('td', { 'data-label': title(c) },
      row[c] === undefined || row[c] === null ? '—' : describe(row[c])))))));
}
