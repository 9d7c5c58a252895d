// Access to a report for another doctor: the doctor asks (POST …/access-requests {reason}); the patient approves
// or denies in the app (…/approve, …/deny), or gives the doctor the one-time code they were sent, which the doctor
// confirms (…/confirm {code}). The patient also sees the report's access history (GET …/access-log).

import { get, items, post } from '../api.js';
import { session } from '../session.js';
import { doctorName } from './directory.js';
import {
  add, announce, busy, clearErrors, errorBox, field, formatDateTime, formValues, h, notice, replace,
  showFieldError, showFormError, statusBadge, unavailableNote,
} from '../dom.js';

const REQUESTS_KEY = 'medledger.accessRequests';
const base = reportId => `/api/reports/${encodeURIComponent(reportId)}/access-requests`;

/** The access requests this browser tab made, by report id (ids only), so the doctor can confirm later. */
function rememberedRequests() {
  try {
    return JSON.parse(sessionStorage.getItem(REQUESTS_KEY)) || {};
  } catch {
    return {};
  }
}

export function rememberedRequest(reportId) {
  return rememberedRequests()[reportId] || null;
}

function remember(reportId, requestId) {
  const all = rememberedRequests();
  all[reportId] = requestId;
  sessionStorage.setItem(REQUESTS_KEY, JSON.stringify(all));
}

/** Doctor: ask for access. Without `reportId` the form asks for the report id too. */
export function requestAccessForm(reportId = null) {
  const container = h('div', { class: 'access-request' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Ask for access' },
    reportId ? null : field({ label: 'Report id', name: 'reportId', required: true, autocomplete: 'off' }),
    field({ label: 'Reason', name: 'reason', type: 'textarea', required: true, maxlength: 500,
      hint: 'The patient reads this when deciding.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Ask for access')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = formValues(form);
    const id = reportId || values.reportId;
    const problems = [];
    if (!id) {
      problems.push({ field: 'reportId', message: 'Enter the report id.' });
    }
    if (!values.reason) {
      problems.push({ field: 'reason', message: 'Say why you need the report.' });
    }
    if (problems.length) {
      showFormError(form, { title: 'Please check the form.', fieldErrors: problems });
      return;
    }
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const created = await post(base(id), { reason: values.reason });
        remember(id, created.id);
        clearErrors(form);
        const done = notice('Your request was sent to the patient. When they approve it, the report appears in your list; '
          + 'if they give you a code instead, enter it below.');
        replace(container, done, confirmForm(id, created.id));
        done.focus();
      } catch (e) {
        showFormError(form, e);
      }
    });
  });
  add(container, form);
  return container;
}

/** Doctor: enter the code the patient gave them. */
export function confirmForm(reportId, requestId, onGranted = null) {
  const form = h('form', { class: 'form form-inline', novalidate: true, 'aria-label': 'Confirm access with the code' },
    field({ label: 'Code from the patient', name: 'code', required: true, autocomplete: 'one-time-code',
      inputmode: 'numeric' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Confirm access')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const { code } = formValues(form);
    if (!code) {
      showFieldError(form, 'code', 'Enter the code the patient gave you.');
      return;
    }
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await post(`${base(reportId)}/${encodeURIComponent(requestId)}/confirm`, { code });
        const link = h('a', { href: `#/reports/${encodeURIComponent(reportId)}` }, 'Open the report');
        const done = notice('Access granted.', 'success', ' ', link);
        form.replaceWith(done);
        done.focus();
        onGranted?.();
      } catch (e) {
        showFormError(form, e);
      }
    });
  });
  return form;
}

/**
 * Patient: the report's access requests with approve/deny (and revoke for grants). `highlight` is a request id
 * from a notification; it is shown even if the service cannot list requests.
 */
export async function requestsPanel(reportId, highlight, onChange) {
  const section = h('section', { class: 'subpanel', 'aria-labelledby': 'requests-heading' },
    h('h2', { id: 'requests-heading' }, 'Access requests'));
  const body = h('div', {});
  add(section, body);
  let requests = [];
  let listError = null;
  try {
    requests = items(await get(base(reportId)));
  } catch (e) {
    listError = e;
  }
  if (highlight && !requests.some(r => r.id === highlight)) {
    requests.unshift({ id: highlight, status: 'PENDING' });
  }
  if (!requests.length) {
    replace(body, listError && !listError.unavailable
      ? errorBox(listError)
      : h('p', { class: 'empty' }, 'No doctor has asked for access.'));
    return section;
  }
  const names = await Promise.all(requests.map(r => (r.doctorId ? doctorName(r.doctorId) : null)));
  replace(body, h('ul', { class: 'request-list' },
    requests.map((r, i) => requestItem(reportId, { ...r, doctorName: r.doctorName || names[i] }, r.id === highlight,
      onChange))));
  return section;
}

function requestItem(reportId, request, highlighted, onChange) {
  const who = request.doctorName || request.requesterName || 'A doctor';
  const messages = h('div', {});
  const actions = h('div', { class: 'actions' });
  const item = h('li', { class: `request${highlighted ? ' highlighted' : ''}`, dataset: { requestId: request.id } },
    h('div', { class: 'request-head' }, h('strong', {}, who), statusBadge(request.status || 'PENDING')),
    request.reason ? h('p', {}, h('span', { class: 'label' }, 'Reason: '), request.reason) : null,
    request.createdAt ? h('p', { class: 'meta' }, `Asked ${formatDateTime(request.createdAt)}`) : null,
    request.grantExpiresAt && request.status === 'GRANTED'
      ? h('p', { class: 'meta' },
        `${request.live === false ? 'Access ended' : 'Access until'} ${formatDateTime(request.grantExpiresAt)}`)
      : null,
    actions, messages);
  const act = (label, path, done, extraClass = '') => {
    const button = h('button', { type: 'button', class: `button button-small ${extraClass}`,
      'aria-label': `${label}: ${who}` }, label);
    button.addEventListener('click', () => busy(button, async () => {
      try {
        await post(`${base(reportId)}/${encodeURIComponent(request.id)}/${path}`);
        replace(messages, notice(done));
        announce(done);
        actions.replaceChildren();
        onChange?.();
      } catch (e) {
        replace(messages, e.status === 404 && path === 'revoke' ? unavailableNote(e, 'Revoking') : errorBox(e));
      }
    }));
    return button;
  };
  const status = request.status || 'PENDING';
  if (status === 'PENDING' || status === 'REQUESTED') {
    add(actions, act('Approve', 'approve', 'Access granted.'), act('Deny', 'deny', 'Request denied.', 'button-secondary'));
  } else if (status === 'GRANTED' && request.live !== false) {
    add(actions, act('Revoke access', 'revoke', 'Access revoked.', 'button-secondary'));
  }
  return item;
}

const LOG_LABELS = {
  REPORT_STORED: 'Report stored', ACCESS_REQUESTED: 'Access requested', ACCESS_GRANTED: 'Access granted',
  ACCESS_DENIED: 'Access denied', ACCESS_REVOKED: 'Access revoked or expired', DOWNLOAD_CODE_ISSUED: 'Download code sent',
  REPORT_DOWNLOADED: 'Downloaded', ACCESS_DENIED_ATTEMPT: 'Refused attempt to read', AUDIT_RESULT: 'Audited',
};

/** A readable name for the Keycloak subject a ledger entry names. */
async function actorName(entry) {
  const actor = entry.actorName || entry.actor;
  if (!actor) {
    return '—';
  }
  if (actor === session.user?.id) {
    return 'You';
  }
  if (actor.startsWith('system')) {
    return 'MedLedger';
  }
  return (await doctorName(actor)) || 'Another user';
}

/** Who did what with the report, from the ledger (GET …/access-log). */
export async function accessLogPanel(reportId) {
  const section = h('section', { class: 'subpanel', 'aria-labelledby': 'log-heading' },
    h('h2', { id: 'log-heading' }, 'Access history'));
  try {
    const entries = items(await get(`/api/reports/${encodeURIComponent(reportId)}/access-log`));
    const actors = await Promise.all(entries.map(entry => actorName(entry)));
    add(section, entries.length ? h('table', { class: 'table', 'aria-labelledby': 'log-heading' },
      h('thead', {}, h('tr', {}, ['When', 'What', 'Who'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, entries.map((entry, i) => {
        const kind = entry.kind || entry.type || entry.event;
        return h('tr', { dataset: { kind: kind || '' } },
          h('td', { 'data-label': 'When' }, formatDateTime(entry.time || entry.at || entry.createdAt)),
          h('td', { 'data-label': 'What' }, LOG_LABELS[kind] || kind || '—'),
          h('td', { 'data-label': 'Who' }, actors[i]));
      })))
      : h('p', { class: 'empty' }, 'Nothing recorded yet.'));
  } catch (e) {
    add(section, e.unavailable ? unavailableNote(e, 'The access history') : errorBox(e));
  }
  return section;
}
