// Doctor: upload the report of a completed appointment (POST /api/reports, multipart appointmentId + file), with
// a progress bar fed by XMLHttpRequest's upload progress.

import { get, upload } from '../api.js';
import {
  add, announce, clearErrors, errorBox, field, formatBytes, formatRange, h, notice, pageHeading, showFieldError,
  showFormError,
} from '../dom.js';

export async function render({ main, params }) {
  const page = h('section', { class: 'panel narrow' });
  add(main, page);
  add(page, pageHeading('Upload a report'));
  let appointment = null;
  try {
    appointment = await get(`/api/bookings/appointments/${encodeURIComponent(params.id)}`);
  } catch (e) {
    if (!e.unavailable) {
      add(page, errorBox(e), h('a', { href: '#/appointments' }, 'Back to the appointments'));
      return;
    }
  }
  if (appointment) {
    const who = appointment.patientName || 'the patient';
    add(page, h('p', {}, `Checkup of ${who}, ${formatRange(appointment.start, appointment.end)}.`));
  }
  add(page, h('p', { class: 'hint' }, 'Any file type, up to 1 GiB. The file is encrypted in chunks, stored in two '
    + 'places and recorded on the ledger; the patient is told by e-mail.'));

  const progress = h('progress', { max: 100, value: 0, id: 'upload-progress', 'aria-label': 'Upload progress' });
  const progressText = h('span', { class: 'progress-text', id: 'upload-progress-text' }, '');
  const progressBox = h('div', { class: 'progress', hidden: true }, progress, progressText);
  const cancel = h('button', { type: 'button', class: 'button button-secondary', hidden: true }, 'Cancel upload');
  const submit = h('button', { type: 'submit', class: 'button' }, 'Upload');
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Report upload' },
    field({ label: 'Report file', name: 'file', type: 'file', required: true }),
    progressBox,
    h('div', { class: 'actions' }, submit, cancel));
  add(page, form, h('p', {}, h('a', { href: '#/appointments' }, 'Back to the appointments')));

  let running = null;
  cancel.addEventListener('click', () => running?.abort());
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) {
      showFieldError(form, 'file', 'Choose the report file.');
      return;
    }
    clearErrors(form);
    const data = new FormData();
    data.append('appointmentId', params.id);
    data.append('file', file, file.name);
    progressBox.hidden = false;
    submit.disabled = true;
    cancel.hidden = false;
    let lastAnnounced = 0;
    running = upload('/api/reports', data, (loaded, total) => {
      const percent = total ? Math.floor((loaded / total) * 100) : 0;
      progress.value = percent;
      progressText.textContent = `${percent}% · ${formatBytes(loaded)} of ${formatBytes(total || file.size)}`;
      if (percent - lastAnnounced >= 25) {
        lastAnnounced = percent;
        announce(`Upload ${percent}% done.`);
      }
    });
    try {
      const stored = await running.promise;
      progress.value = 100;
      progressText.textContent = 'Stored and recorded on the ledger.';
      const done = notice('The report is stored.', 'success', ' ',
        stored?.id ? h('a', { href: `#/reports/${encodeURIComponent(stored.id)}` }, 'Open the report') : null,
        stored?.rootHash
          ? h('p', { class: 'hash' }, h('span', { class: 'label' }, 'Root hash: '), h('code', {}, stored.rootHash))
          : null);
      form.replaceWith(done);
      done.focus();
    } catch (e) {
      progressBox.hidden = true;
      progress.value = 0;
      showFormError(form, e.name === 'AbortError' ? { title: 'Upload cancelled.', detail: 'Nothing was stored.' } : e);
    } finally {
      running = null;
      submit.disabled = false;
      cancel.hidden = true;
    }
  });
}
