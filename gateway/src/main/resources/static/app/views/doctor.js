// A doctor's page: the directory entry, their free slots (GET /api/bookings/slots?doctorId=&from=&to=) and, for
// patients, booking one of them with symptoms and age (POST /api/bookings/appointments).

import { get, items, post, query } from '../api.js';
import {
  add, announce, busy, errorBox, field, formatRange, formValues, h, localDate, notice, pageHeading, replace,
  showFormError, unavailableNote,
} from '../dom.js';
import { hasRole, session, signedIn, signInButton } from '../session.js';
import { specializationName, specializations } from './directory.js';

const DAY = 24 * 60 * 60 * 1000;
const WINDOW_DAYS = 14;

export async function render({ main, params }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  let doctor;
  try {
    doctor = await get(`/api/identity/doctors/${encodeURIComponent(params.id)}`);
  } catch (e) {
    add(page, pageHeading('Doctor'), e.status === 404 ? h('p', {}, 'There is no such doctor in the directory.') : errorBox(e),
      h('a', { href: '#/doctors' }, 'Back to the directory'));
    return;
  }
  const list = await specializations();
  add(page, 
    pageHeading(doctor.name),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Specialization'), h('dd', {}, specializationName(doctor.specialization, list)),
      doctor.gender ? [h('dt', {}, 'Gender'), h('dd', {}, doctor.gender.charAt(0) + doctor.gender.slice(1).toLowerCase())] : null,
      doctor.phone ? [h('dt', {}, 'Phone'), h('dd', {}, doctor.phone)] : null),
    h('p', {}, h('a', { href: '#/doctors' }, 'Back to the directory')));

  const slotsSection = h('section', { class: 'slots', 'aria-labelledby': 'free-slots-heading' },
    h('h2', { id: 'free-slots-heading' }, 'Free slots'));
  add(page, slotsSection);
  if (!signedIn()) {
    add(slotsSection, h('p', {}, 'Sign in to see free slots and book a checkup.'), signInButton());
    return;
  }
  const from = field({ label: 'From', name: 'from', type: 'date', value: localDate(new Date()), min: localDate(new Date()) });
  const windowForm = h('form', { class: 'form form-inline', 'aria-label': 'Choose the days' }, from,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-secondary' }, `Show ${WINDOW_DAYS} days`)));
  const content = h('div', { id: 'slot-area' });
  add(slotsSection, windowForm, content);
  const load = () => loadSlots(doctor, content, windowForm.elements.from.value);
  windowForm.addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  await load();
}

/** Loads the free slots into `content`; `kept` refills the booking form after a reload ({symptoms, age}). */
async function loadSlots(doctor, content, fromDate, kept = {}) {
  const start = fromDate ? new Date(`${fromDate}T00:00`) : new Date();
  const from = new Date(Math.max(start.getTime(), Date.now()));
  const to = new Date(start.getTime() + WINDOW_DAYS * DAY);
  replace(content, h('p', { class: 'loading' }, 'Loading free slots…'));
  let slots;
  try {
    const window = { doctorId: doctor.id, from: from.toISOString(), to: to.toISOString(), size: 200 };
    slots = items(await get(`/api/bookings/slots${query(window)}`));
  } catch (e) {
    replace(content, e.unavailable ? unavailableNote(e, 'Booking') : errorBox(e));
    return;
  }
  if (!slots.length) {
    replace(content, h('p', { class: 'empty' }, 'No free slots in these days. Try later days.'));
    return;
  }
  if (!hasRole('patient')) {
    replace(content, h('ul', { class: 'slot-list' }, slots.map(slot => h('li', {}, formatRange(slot.start, slot.end)))));
    return;
  }
  replace(content, bookingForm(doctor, slots, kept, values => loadSlots(doctor, content, fromDate, values)));
}

function bookingForm(doctor, slots, kept, reload) {
  const choices = h('fieldset', { class: 'slot-choices', 'data-field': 'slotId' },
    h('legend', {}, 'Choose a time'),
    slots.map((slot, i) => {
      const id = `slot-${slot.id}`;
      return h('div', { class: 'choice' },
        h('input', { type: 'radio', name: 'slotId', id, value: slot.id, required: true, checked: i === 0,
          dataset: { start: slot.start } }),
        h('label', { for: id }, formatRange(slot.start, slot.end)));
    }),
    h('p', { class: 'field-error', hidden: true }));
  const label = `Book a checkup with ${doctor.name}`;
  const form = h('form', { class: 'form', id: 'booking-form', novalidate: true, 'aria-label': label },
    choices,
    field({ label: 'Symptoms', name: 'symptoms', type: 'textarea', required: true, maxlength: 2000,
      hint: 'What brings you? Only the doctor sees this.', value: kept.symptoms }),
    field({ label: 'Age', name: 'age', type: 'number', required: true, min: 0, max: 150, inputmode: 'numeric',
      value: kept.age ?? ageOf(session.user) ?? '' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Book this slot')));
  let idempotencyKey = null;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = formValues(form);
    const problems = [];
    if (!values.slotId) {
      problems.push({ field: 'slotId', message: 'Please choose a time.' });
    }
    if (!values.symptoms) {
      problems.push({ field: 'symptoms', message: 'Please describe your symptoms.' });
    }
    if (values.age === '' || Number(values.age) < 0 || Number(values.age) > 150) {
      problems.push({ field: 'age', message: 'Please enter your age in years (0–150).' });
    }
    if (problems.length) {
      showFormError(form, { title: 'Please check the form.', fieldErrors: problems });
      return;
    }
    // the same key for retries of this booking: the service books it at most once
    idempotencyKey = idempotencyKey || crypto.randomUUID();
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const booked = await post('/api/bookings/appointments',
          { slotId: values.slotId, symptoms: values.symptoms, age: Number(values.age) },
          { headers: { 'Idempotency-Key': idempotencyKey } });
        idempotencyKey = null;
        const done = notice(`Booked: ${formatRange(booked.start, booked.end)} with ${doctor.name}.`, 'success', ' ',
          h('a', { href: '#/appointments' }, 'See your appointments'));
        form.replaceWith(done);
        done.focus();
        announce('Your checkup is booked.');
      } catch (e) {
        if (e.status !== 0) {
          idempotencyKey = null;
        }
        showFormError(form, e);
        if (e.status === 409 || e.status === 404) {
          // the slot was taken or withdrawn meanwhile: show what is free now, keeping the error visible
          const alert = form.querySelector('.alert');
          await reload({ symptoms: values.symptoms, age: values.age });
          const area = document.getElementById('slot-area');
          if (area && alert) {
            area.prepend(alert);
            alert.focus();
          }
        }
      }
    });
  });
  return form;
}

function ageOf(user) {
  if (!user || !user.dateOfBirth) {
    return null;
  }
  const birth = new Date(user.dateOfBirth);
  const now = new Date();
  let age = now.getFullYear() - birth.getFullYear();
  if (now.getMonth() < birth.getMonth() || (now.getMonth() === birth.getMonth() && now.getDate() < birth.getDate())) {
    age -= 1;
  }
  return age >= 0 ? age : null;
}
