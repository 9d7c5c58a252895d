// Admin: doctors waiting for approval (GET /api/identity/doctors/pending); approve, or reject with a reason
// (POST /api/identity/doctors/{id}/approve | reject).

import { get, items, post } from '../api.js';
import {
  add, announce, busy, errorBox, field, formatDateTime, formValues, h, notice, pageHeading, replace,
  showFieldError, showFormError, unavailableNote,
} from '../dom.js';
import { specializationName, specializations } from './directory.js';

export async function render({ main }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  const list = h('div', { id: 'pending-doctors' });
  add(page, pageHeading('Doctor approvals'),
    h('p', {}, 'Doctors appear in the directory and can act as doctors only after you approve them. Check their '
      + 'registration against the hospital\'s records first.'),
    list);
  await load(list);
}

async function load(container) {
  try {
    const [doctors, list] = await Promise.all([get('/api/identity/doctors/pending'), specializations()]);
    const pending = items(doctors);
    replace(container, pending.length
      ? h('ul', { class: 'pending-list', 'aria-label': 'Doctors waiting for approval' }, pending.map(d => pendingItem(d, list)))
      : h('p', { class: 'empty' }, 'No doctor is waiting for approval.'));
  } catch (e) {
    replace(container, e.unavailable ? unavailableNote(e, 'The approval list') : errorBox(e));
  }
}

function pendingItem(doctor, list) {
  const id = doctor.id || doctor.userId;
  const base = `/api/identity/doctors/${encodeURIComponent(id)}`;
  const messages = h('div', {});
  const actions = h('div', { class: 'actions' });
  const item = h('li', { class: 'pending-doctor', dataset: { doctorId: id, email: doctor.email || '' } },
    h('h2', { class: 'item-title' }, doctor.name),
    h('dl', { class: 'facts' },
      h('dt', {}, 'E-mail'), h('dd', {}, doctor.email || '—'),
      h('dt', {}, 'Specialization'), h('dd', {}, specializationName(doctor.specialization, list)),
      doctor.phone ? [h('dt', {}, 'Phone'), h('dd', {}, doctor.phone)] : null,
      h('dt', {}, 'Registered'), h('dd', {}, formatDateTime(doctor.registeredAt || doctor.createdAt))),
    actions, messages);

  const approve = h('button', { type: 'button', class: 'button', 'aria-label': `Approve ${doctor.name}` }, 'Approve');
  approve.addEventListener('click', () => busy(approve, async () => {
    try {
      await post(`${base}/approve`);
      decided(`${doctor.name} is approved.`);
    } catch (e) {
      replace(messages, errorBox(e));
    }
  }));
  const reject = h('button', { type: 'button', class: 'button button-secondary', 'aria-label': `Reject ${doctor.name}` },
    'Reject…');
  reject.addEventListener('click', () => {
    const form = h('form', { class: 'form', novalidate: true, 'aria-label': `Reject ${doctor.name}` },
      field({ label: 'Reason', name: 'reason', type: 'textarea', required: true, maxlength: 500, hint: 'Sent to the doctor.' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-danger' }, 'Reject')));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const { reason } = formValues(form);
      if (!reason) {
        showFieldError(form, 'reason', 'Say why the registration is rejected.');
        return;
      }
      await busy(form.querySelector('button[type=submit]'), async () => {
        try {
          await post(`${base}/reject`, { reason });
          decided(`${doctor.name} is rejected.`);
        } catch (e) {
          showFormError(form, e);
        }
      });
    });
    replace(messages, form);
    form.elements.reason.focus();
  });
  add(actions, approve, reject);

  function decided(text) {
    actions.remove();
    replace(messages, notice(text));
    item.classList.add('decided');
    announce(text);
  }
  return item;
}
