// One report: its metadata, the download with a one-time code, verification against its receipt, and (for the
// patient) access requests and the access history; a doctor without access can ask for it here.

import { ApiError, api, get, post } from '../api.js';
import {
  add, announce, busy, errorBox, field, formatBytes, formatDateTime, formValues, h, notice, pageHeading, replace,
  showFieldError, showFormError, unavailableNote,
} from '../dom.js';
import { hasRole } from '../session.js';
import { onNotification } from '../notifications.js';
import { fileName, storedAt } from './reports.js';
import { accessLogPanel, confirmForm, rememberedRequest, requestAccessForm, requestsPanel } from './access.js';
import { verifyPanel } from './verify.js';

export async function render({ main, params, query }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  const id = params.id;
  let report;
  try {
    report = await get(`/api/reports/${encodeURIComponent(id)}`);
  } catch (e) {
    add(page, pageHeading('Report'));
    if ((e.status === 404 || e.status === 403) && hasRole('doctor')) {
      noAccess(page, id);
    } else {
      add(page, e.status === 404 ? h('p', {}, 'There is no such report, or it is not yours.') : errorBox(e));
    }
    add(page, h('p', {}, h('a', { href: '#/reports' }, 'Back to the reports')));
    return;
  }
  add(page, 
    pageHeading(fileName(report)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Stored'), h('dd', {}, formatDateTime(storedAt(report))),
      h('dt', {}, 'Size'), h('dd', {}, formatBytes(report.size ?? report.sizeBytes)),
      report.contentType ? [h('dt', {}, 'Type'), h('dd', {}, report.contentType)] : null,
      report.doctorName ? [h('dt', {}, 'Doctor'), h('dd', {}, report.doctorName)] : null,
      report.patientName && hasRole('doctor') ? [h('dt', {}, 'Patient'), h('dd', {}, report.patientName)] : null,
      h('dt', {}, 'Report id'), h('dd', {}, h('code', { class: 'report-id' }, report.id || id)),
      report.rootHash ? [h('dt', {}, 'Root hash'), h('dd', {}, h('code', { class: 'hash' }, report.rootHash))] : null),
    hasRole('patient') ? h('p', { class: 'hint' }, 'A doctor who needs this report can ask for access with its report id.') : null,
    downloadPanel(report, id),
    verifyPanel(report, id));
  if (!hasRole('patient')) {
    add(page, h('p', {}, h('a', { href: '#/reports' }, 'Back to the reports')));
    return null;
  }
  const requests = h('div', {});
  const log = h('div', {});
  add(page, requests, log, h('p', {}, h('a', { href: '#/reports' }, 'Back to the reports')));
  const reload = async () => {
    replace(requests, await requestsPanel(id, query.get('request'), reload));
    replace(log, await accessLogPanel(id));
  };
  await reload();
  return onNotification(notification => {
    if (notification?.refs?.reportId === id) {
      reload();
    }
  });
}

function noAccess(page, id) {
  const pending = rememberedRequest(id);
  add(page, 
    h('p', {}, 'You have no access to this report. Ask the patient: they approve in the app, or give you a code.'),
    pending
      ? h('section', { class: 'subpanel', 'aria-labelledby': 'confirm-heading' },
        h('h2', { id: 'confirm-heading' }, 'Enter the patient\'s code'),
        confirmForm(id, pending, () => setTimeout(() => location.reload(), 1500)))
      : null,
    h('section', { class: 'subpanel', 'aria-labelledby': 'ask-heading' },
      h('h2', { id: 'ask-heading' }, pending ? 'Ask again' : 'Ask for access'), requestAccessForm(id)));
}

/** Content-Disposition's file name, else the metadata's, without any path. */
function downloadName(response, report) {
  const header = response.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  let name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fileName(report);
  name = name.replace(/[\\/]/g, '_').trim();
  return name || 'report';
}

function downloadPanel(report, id) {
  const section = h('section', { class: 'subpanel', 'aria-labelledby': 'download-heading' },
    h('h2', { id: 'download-heading' }, 'Download'),
    h('p', {}, 'For your safety we e-mail you a one-time code first. The file is checked chunk by chunk as it arrives; '
      + 'if any part fails the check, nothing is saved.'));
  const area = h('div', { id: 'download-area' });
  add(section, area);
  const start = () => {
    const send = h('button', { type: 'button', class: 'button', id: 'send-code' }, 'E-mail me a download code');
    send.addEventListener('click', () => busy(send, async () => {
      try {
        await post(`/api/reports/${encodeURIComponent(id)}/download-code`);
        codeStep();
      } catch (e) {
        replace(area, e.unavailable ? unavailableNote(e, 'Downloading') : errorBox(e), send);
      }
    }));
    replace(area, send);
  };
  const codeStep = () => {
    const sent = notice('A one-time code was e-mailed to you. It is valid for a few minutes and works once.', 'info');
    const progress = h('progress', { max: 100, value: 0, 'aria-label': 'Download progress', hidden: true });
    const waiting = h('p', { class: 'alert alert-info download-wait', role: 'status', hidden: true });
    const wait = seconds => {
      waiting.textContent = `MedLedger is busy with other transfers. Your download starts by itself in ${seconds} `
        + `second${seconds === 1 ? '' : 's'}; your code stays valid.`;
      waiting.hidden = false;
    };
    const form = h('form', { class: 'form form-inline', novalidate: true, 'aria-label': 'Enter the download code' },
      field({ label: 'Code from the e-mail', name: 'code', required: true, autocomplete: 'one-time-code', inputmode: 'numeric' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Download')));
    const again = h('button', { type: 'button', class: 'button-link' }, 'Send a new code');
    again.addEventListener('click', start);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const { code } = formValues(form);
      if (!code) {
        showFieldError(form, 'code', 'Enter the code from the e-mail.');
        return;
      }
      await busy(form.querySelector('button[type=submit]'), async () => {
        try {
          const { token } = await post(`/api/reports/${encodeURIComponent(id)}/download-token`, { code });
          progress.hidden = false;
          const saved = await fetchAndSave(id, token, report, progress, wait);
          const done = notice(`Downloaded ${saved.name} (${formatBytes(saved.size)}), verified.`);
          replace(area, done, again);
          done.focus();
          announce('Download complete.');
        } catch (e) {
          progress.hidden = true;
          showFormError(form, e);
        } finally {
          waiting.hidden = true;
        }
      });
    });
    replace(area, sent, form, progress, waiting, h('p', {}, 'No e-mail? ', again));
    form.elements.code.focus();
  };
  start();
  return section;
}

/** Times the content is asked for again while the service has no room (503 transfer-capacity). */
const BUSY_RETRIES = 3;

/**
 * Opens the verified content with the download token. While the service is busy with other transfers it answers
 * 503 transfer-capacity without spending the token, so the same token is tried again after the Retry-After it gave,
 * telling the user through `wait(seconds)`.
 */
async function openContent(id, token, wait) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api(`/api/reports/${encodeURIComponent(id)}/content`,
        { raw: true, headers: { 'X-Download-Token': token, Accept: '*/*' } });
    } catch (e) {
      if (!(e instanceof ApiError) || e.slug !== 'transfer-capacity' || attempt >= BUSY_RETRIES) {
        throw e;
      }
      const seconds = Math.min(Math.max(e.retryAfter ?? 5, 1), 30);
      wait(seconds);
      await new Promise(resolve => setTimeout(resolve, seconds * 1000));
    }
  }
}

/** Streams the verified content with the download token and hands it to the browser as a file. */
async function fetchAndSave(id, token, report, progress, wait) {
  const response = await openContent(id, token, wait);
  const expected = Number(response.headers.get('Content-Length') || report.size || report.sizeBytes || 0);
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      parts.push(value);
      received += value.length;
      if (expected) {
        progress.value = Math.floor((received / expected) * 100);
      }
    }
  } catch {
    // the service aborts the stream when a chunk fails its check: the partial bytes are dropped
    throw { title: 'The download was interrupted.', detail: 'Part of the report failed its integrity check or the '
      + 'connection broke. Nothing was saved; please try again.' };
  }
  if (expected && received !== expected) {
    throw { title: 'The download is incomplete.',
      detail: `Received ${received} of ${expected} bytes. Nothing was saved.` };
  }
  const name = downloadName(response, report);
  const blob = new Blob(parts, { type: response.headers.get('Content-Type') || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { name, size: received };
}
