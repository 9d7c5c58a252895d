// Reports the caller may read (GET /api/reports): a patient's own, a doctor's uploaded or granted ones. Doctors
// can also ask a patient for access to a report they were told about.

import { get, items, query } from '../api.js';
import { add, errorBox, formatBytes, formatDateTime, h, pageHeading, replace, unavailableNote } from '../dom.js';
import { hasRole } from '../session.js';
import { requestAccessForm } from './access.js';

/** A report's file name, whatever the metadata calls it. */
export const fileName = report => report.fileName || report.filename || report.name || 'report';
export const storedAt = report => report.createdAt || report.storedAt || report.uploadedAt;

export async function render({ main }) {
  const doctor = hasRole('doctor');
  const page = h('section', { class: 'panel' });
  add(main, page);
  const list = h('div', { id: 'report-list' });
  add(page, pageHeading(doctor ? 'Reports' : 'My reports'),
    h('p', {}, doctor ? 'Reports you uploaded, and reports patients gave you access to.'
      : 'Your reports. Downloading one needs a one-time code that we e-mail to you.'),
    list);
  if (doctor) {
    add(page, h('section', { 'aria-labelledby': 'ask-heading', class: 'subpanel' },
      h('h2', { id: 'ask-heading' }, 'Ask a patient for access'),
      h('p', {}, 'For a report another doctor uploaded: enter the report id the patient gave you and say why you need it. '
        + 'The patient approves in the app, or gives you a code to enter here.'),
      requestAccessForm()));
  }
  try {
    const reports = items(await get(`/api/reports${query({ size: 100 })}`));
    reports.sort((a, b) => new Date(storedAt(b) || 0) - new Date(storedAt(a) || 0));
    replace(list, reports.length ? reportTable(reports, doctor) : h('p', { class: 'empty' }, 'No reports yet.'));
  } catch (e) {
    replace(list, e.unavailable ? unavailableNote(e, 'The report list') : errorBox(e));
  }
}

function reportTable(reports, doctor) {
  return h('table', { class: 'table', 'aria-label': 'Reports' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'File'),
      h('th', { scope: 'col' }, 'Stored'),
      h('th', { scope: 'col' }, 'Size'),
      h('th', { scope: 'col' }, doctor ? 'Patient' : 'Doctor'))),
    h('tbody', {}, reports.map(report => h('tr', { dataset: { reportId: report.id } },
      h('td', { 'data-label': 'File' }, h('a', { href: `#/reports/${encodeURIComponent(report.id)}` }, fileName(report))),
      h('td', { 'data-label': 'Stored' }, formatDateTime(storedAt(report))),
      h('td', { 'data-label': 'Size' }, formatBytes(report.size ?? report.sizeBytes)),
      h('td', { 'data-label': doctor ? 'Patient' : 'Doctor' },
        (doctor ? report.patientName : report.doctorName) || '—')))));
}
