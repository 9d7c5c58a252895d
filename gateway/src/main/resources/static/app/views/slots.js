// Doctor: publish slots (POST /api/bookings/slots with {start, end}, or a weekly pattern) and see or withdraw
// their own upcoming slots (GET /api/bookings/slots/mine, DELETE /api/bookings/slots/{id}).

import { del, get, items, post, query } from '../api.js';
import {
  add, announce, busy, clearErrors, errorBox, field, formatRange, formValues, h, localDate, notice, pageHeading,
  replace, showFormError, statusBadge, unavailableNote,
} from '../dom.js';

const LENGTHS = [10, 15, 20, 30, 45, 60, 90, 120].map(m => ({ value: String(m), label: `${m} minutes` }));
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const LIST_DAYS = 60;

export async function render({ main }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  const list = h('div', { id: 'own-slots' });
  const reload = () => loadOwn(list);
  add(page, 
    pageHeading('My slots'),
    h('p', {}, 'Publish the times patients can book. Slots are in your browser\'s time zone ('
      + `${Intl.DateTimeFormat().resolvedOptions().timeZone}), in the future, and may not overlap.`),
    singleForm(reload),
    patternForm(reload),
    h('h2', { id: 'own-slots-heading' }, 'Upcoming slots'),
    list);
  await reload();
}

function singleForm(reload) {
  const today = localDate(new Date());
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'publish-heading', id: 'publish-slot' },
    h('h2', { id: 'publish-heading' }, 'Publish a slot'),
    h('div', { class: 'row' },
      field({ label: 'Date', name: 'date', type: 'date', required: true, min: today, value: today }),
      field({ label: 'Start time', name: 'time', type: 'time', required: true, step: 60 }),
      field({ label: 'Length', name: 'minutes', type: 'select', options: LENGTHS, value: '30' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Publish slot')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = formValues(form);
    if (!values.date || !values.time) {
      showFormError(form, { title: 'Please choose a date and a start time.', fieldErrors: [
        !values.date && { field: 'date', message: 'Choose a date.' },
        !values.time && { field: 'time', message: 'Choose a start time.' }].filter(Boolean) });
      return;
    }
    const start = new Date(`${values.date}T${values.time}`);
    const end = new Date(start.getTime() + Number(values.minutes) * 60000);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await post('/api/bookings/slots', { start: start.toISOString(), end: end.toISOString() });
        clearErrors(form);
        form.prepend(notice(`Published: ${formatRange(start, end)}.`));
        announce('Slot published.');
        form.elements.time.value = '';
        await reload();
      } catch (e) {
        showFormError(form, e);
      }
    });
  });
  return form;
}

function patternForm(reload) {
  const today = localDate(new Date());
  const days = h('fieldset', { class: 'days', 'data-field': 'pattern.daysOfWeek' },
    h('legend', {}, 'Week days'),
    DAYS.map(day => {
      const id = `day-${day}`;
      return h('div', { class: 'choice' },
        h('input', { type: 'checkbox', name: 'daysOfWeek', value: day, id }),
        h('label', { for: id }, day.charAt(0) + day.slice(1).toLowerCase()));
    }),
    h('p', { class: 'field-error', hidden: true }));
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Publish a weekly pattern' },
    h('div', { class: 'row' },
      field({ label: 'First date', name: 'from', type: 'date', required: true, min: today, value: today }),
      field({ label: 'Last date', name: 'to', type: 'date', required: true, min: today })),
    days,
    h('div', { class: 'row' },
      field({ label: 'From', name: 'startTime', type: 'time', required: true, value: '09:00' }),
      field({ label: 'Until', name: 'endTime', type: 'time', required: true, value: '12:00' }),
      field({ label: 'Each slot', name: 'slotMinutes', type: 'select', options: LENGTHS, value: '30' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-secondary' }, 'Publish the pattern')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = formValues(form);
    const pattern = {
      from: values.from, to: values.to, daysOfWeek: values.daysOfWeek || [], startTime: values.startTime,
      endTime: values.endTime, slotMinutes: Number(values.slotMinutes), zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const created = await post('/api/bookings/slots', { pattern });
        clearErrors(form);
        form.prepend(notice(`Published ${created?.count ?? 'the'} slots.`));
        announce('Slots published.');
        await reload();
      } catch (e) {
        showFormError(form, withPatternFields(e));
      }
    });
  });
  return h('details', { class: 'pattern' }, h('summary', {}, 'Publish a weekly pattern instead'), form);
}

/** The service names pattern fields "pattern.x"; the form's fields are named "x". */
function withPatternFields(error) {
  error.fieldErrors = (error.fieldErrors || []).map(e => ({ ...e, field: e.field.replace(/^pattern\.(?!daysOfWeek)/, '') }));
  return error;
}

async function loadOwn(container) {
  const from = new Date();
  const to = new Date(from.getTime() + LIST_DAYS * 24 * 3600 * 1000);
  try {
    const window = { from: from.toISOString(), to: to.toISOString(), size: 200 };
    const slots = items(await get(`/api/bookings/slots/mine${query(window)}`));
    replace(container, slots.length ? slotTable(slots, () => loadOwn(container))
      : h('p', { class: 'empty' }, `No slots in the next ${LIST_DAYS} days.`));
  } catch (e) {
    replace(container, e.unavailable ? unavailableNote(e, 'The slot list') : errorBox(e));
  }
}

function slotTable(slots, reload) {
  return h('table', { class: 'table', 'aria-labelledby': 'own-slots-heading' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, slots.map(slot => {
      const when = formatRange(slot.start, slot.end);
      const withdraw = slot.status === 'FREE'
        ? h('button', { type: 'button', class: 'button button-small button-secondary',
          'aria-label': `Withdraw slot ${when}` }, 'Withdraw')
        : null;
      const row = h('tr', { dataset: { slotId: slot.id, start: slot.start } },
        h('td', { 'data-label': 'When' }, when),
        h('td', { 'data-label': 'Status' }, statusBadge(slot.status)),
        h('td', {}, withdraw));
      withdraw?.addEventListener('click', () => busy(withdraw, async () => {
        try {
          await del(`/api/bookings/slots/${encodeURIComponent(slot.id)}`);
          announce('Slot withdrawn.');
          await reload();
        } catch (e) {
          row.after(h('tr', {}, h('td', { colspan: 3 }, errorBox(e))));
        }
      }));
      return row;
    })));
}
