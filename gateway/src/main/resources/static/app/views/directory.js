// The public doctor directory: GET /api/identity/doctors?specialization=&q= (approved doctors only).

import { get, items, query } from '../api.js';
import { add, announce, errorBox, field, formValues, h, pageHeading, replace } from '../dom.js';

let specializationCache = null;

/** The maintained specializations, [{code, name}], cached for the page's life (empty if unavailable). */
export async function specializations() {
  if (!specializationCache) {
    try {
      specializationCache = items(await get('/api/identity/specializations'));
    } catch {
      return [];
    }
  }
  return specializationCache;
}

const doctorNames = new Map();

/** A doctor's name from the public directory, by user id (cached; null when not listed). */
export function doctorName(id) {
  if (!doctorNames.has(id)) {
    doctorNames.set(id, get(`/api/identity/doctors/${encodeURIComponent(id)}`).then(d => d.name).catch(() => null));
  }
  return doctorNames.get(id);
}

/** The display name of a specialization code. */
export function specializationName(code, list) {
  const found = (list || []).find(s => s.code === code);
  return found ? found.name : code || '—';
}

export async function render({ main, query: params }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  add(page, pageHeading('Find a doctor'));
  const list = await specializations();
  const specialization = list.length
    ? field({ label: 'Specialization', name: 'specialization', type: 'select', value: params.get('specialization') || '',
      options: [{ value: '', label: 'All specializations' }, ...list.map(s => ({ value: s.code, label: s.name }))] })
    : field({ label: 'Specialization', name: 'specialization', value: params.get('specialization') || '' });
  const form = h('form', { class: 'form form-inline', role: 'search', 'aria-label': 'Search doctors' },
    specialization,
    field({ label: 'Name', name: 'q', type: 'search', value: params.get('q') || '', autocomplete: 'off' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Search')));
  const results = h('div', { class: 'results', id: 'doctor-results' });
  add(page, form, results);

  const search = async announceCount => {
    const values = formValues(form);
    history.replaceState(null, '', `#/doctors${query(values)}`);
    replace(results, h('p', { class: 'loading' }, 'Searching…'));
    try {
      const doctors = items(await get(`/api/identity/doctors${query({ ...values, size: 50 })}`));
      replace(results, doctors.length
        ? h('ul', { class: 'doctor-list', 'aria-label': 'Doctors found' }, doctors.map(d => doctorItem(d, list)))
        : h('p', { class: 'empty' }, 'No doctor matches this search.'));
      if (announceCount) {
        announce(`${doctors.length} ${doctors.length === 1 ? 'doctor' : 'doctors'} found.`);
      }
    } catch (e) {
      replace(results, errorBox(e));
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    search(true);
  });
  await search(false);
}

function doctorItem(doctor, list) {
  return h('li', { class: 'doctor' },
    h('a', { href: `#/doctors/${encodeURIComponent(doctor.id)}`, class: 'doctor-name' }, doctor.name),
    h('span', { class: 'doctor-specialization' }, specializationName(doctor.specialization, list)),
    doctor.phone ? h('span', { class: 'doctor-phone' }, doctor.phone) : null);
}
