// Appointments of the signed-in patient or doctor (GET /api/bookings/appointments) with their status; the doctor
// marks a checkup completed and uploads its report, either side cancels before completion.

import { get, items, post, query } from '../api.js';
import {
  add, announce, busy, errorBox, field, formatRange, h, pageHeading, replace, statusBadge, unavailableNote,
} from '../dom.js';
import { hasRole } from '../session.js';
import { onNotification } from '../notifications.js';

const STATUSES = [
  { value: '', label: 'All' },
  { value: 'BOOKED', label: 'Booked' },
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'REPORT_AVAILABLE', label: 'Report available' },
  { value: 'CANCELLED', label: 'Cancelled' },
];

export async function render({ main, query: params }) {
  const doctor = hasRole('doctor');
  const page = h('section', { class: 'panel' });
  add(main, page);
  const filter = h('form', { class: 'form form-inline', 'aria-label': 'Filter appointments' },
    field({ label: 'Status', name: 'status', type: 'select', options: STATUSES, value: params.get('status') || '' }));
  const list = h('div', { id: 'appointment-list' });
  add(page, pageHeading(doctor ? 'Appointments' : 'My appointments'),
    h('p', {}, doctor ? 'Checkups patients booked with you.'
      : h('span', {}, 'Your checkups. ', h('a', { href: '#/doctors' }, 'Book another one'), '.')),
    filter, list);
  const load = () => loadList(list, filter.elements.status.value, doctor);
  filter.addEventListener('change', () => {
    history.replaceState(null, '', `#/appointments${query({ status: filter.elements.status.value })}`);
    load();
  });
  filter.addEventListener('submit', event => event.preventDefault());
  await load();
  // a booking, cancellation or new report elsewhere changes this list: refresh when told
  return onNotification(notification => {
    if (!notification || notification.refs?.appointmentId) {
      load();
    }
  });
}

async function loadList(container, status, doctor) {
  try {
    const appointments = items(await get(`/api/bookings/appointments${query({ status, size: 200 })}`));
    // most recent first
    appointments.sort((a, b) => new Date(b.start) - new Date(a.start));
    replace(container, appointments.length
      ? h('ul', { class: 'appointment-list', 'aria-label': 'Appointments' },
        appointments.map(a => appointmentItem(a, doctor, () => loadList(container, status, doctor))))
      : h('p', { class: 'empty' }, status ? 'No appointments with this status.' : 'No appointments yet.'));
  } catch (e) {
    replace(container, e.unavailable ? unavailableNote(e, 'The appointment list') : errorBox(e));
  }
}

function appointmentItem(appointment, doctor, reload) {
  const when = formatRange(appointment.start, appointment.end);
  const other = doctor ? appointment.patientName || 'Patient' : appointment.doctorName || 'Doctor';
  const actions = h('div', { class: 'actions' });
  const messages = h('div', { class: 'item-messages' });
  const item = h('li', { class: 'appointment', dataset: { appointmentId: appointment.id, status: appointment.status } },
    h('div', { class: 'appointment-head' },
      h('span', { class: 'appointment-when' }, when),
      statusBadge(appointment.status)),
    h('p', { class: 'appointment-who' }, doctor ? `Patient: ${other}` : `Doctor: ${other}`,
      doctor && appointment.age !== undefined ? `, age ${appointment.age}` : ''),
    appointment.symptoms
      ? h('p', { class: 'appointment-symptoms' }, h('span', { class: 'label' }, 'Symptoms: '), appointment.symptoms)
      : null,
    actions, messages);

  const act = (label, path, done) => {
    const button = h('button', { type: 'button', class: 'button button-small', 'aria-label': `${label}: ${when}` }, label);
    button.addEventListener('click', () => busy(button, async () => {
      try {
        await post(`/api/bookings/appointments/${encodeURIComponent(appointment.id)}/${path}`);
        announce(done);
        await reload();
      } catch (e) {
        replace(messages, errorBox(e));
        messages.firstChild.focus();
      }
    }));
    return button;
  };

  if (appointment.status === 'BOOKED') {
    if (doctor) {
      add(actions, act('Mark completed', 'complete', 'Checkup marked completed.'));
    }
    add(actions, confirmCancel(appointment, when, act));
  }
  if (doctor && (appointment.status === 'COMPLETED' || appointment.status === 'REPORT_AVAILABLE')) {
    const upload = `#/appointments/${encodeURIComponent(appointment.id)}/upload`;
    add(actions, h('a', { class: 'button button-small', href: upload },
      appointment.status === 'COMPLETED' ? 'Upload report' : 'Upload another report'));
  }
  if (appointment.reportId) {
    const report = `#/reports/${encodeURIComponent(appointment.reportId)}`;
    add(actions, h('a', { class: 'button button-small button-secondary', href: report },
      'View report'));
  }
  return item;
}

/** "Cancel" asks once more in place (no browser dialog), then cancels. */
function confirmCancel(appointment, when, act) {
  const wrapper = h('span', { class: 'confirm' });
  const ask = h('button', { type: 'button', class: 'button button-small button-secondary',
    'aria-label': `Cancel appointment: ${when}` }, 'Cancel');
  ask.addEventListener('click', () => {
    const keep = h('button', { type: 'button', class: 'button button-small button-secondary' }, 'Keep it');
    const yes = act('Yes, cancel', 'cancel', 'Appointment cancelled.');
    yes.classList.add('button-danger');
    replace(wrapper, h('span', { class: 'confirm-question' }, 'Cancel this appointment?'), yes, keep);
    keep.addEventListener('click', () => {
      replace(wrapper, ask);
      ask.focus();
    });
    yes.focus();
  });
  add(wrapper, ask);
  return wrapper;
}
