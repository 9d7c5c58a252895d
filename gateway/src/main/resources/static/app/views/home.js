// Home: what MedLedger is for visitors; the next things to do for a signed-in user, by role.

import { add, errorBox, h, pageHeading } from '../dom.js';
import { displayName, hasRole, pendingDoctor, session, signedIn, signInButton } from '../session.js';

function card(href, title, text) {
  return h('li', { class: 'card' }, h('a', { href }, h('span', { class: 'card-title' }, title), h('span', {}, text)));
}

/** A doctor whose account an admin has not approved (yet): say what happens next. */
function doctorStatusNote() {
  if (!pendingDoctor()) {
    return null;
  }
  const user = session.user;
  if (String(user.status).toUpperCase() === 'REJECTED') {
    return h('div', { class: 'alert alert-error', role: 'status' },
      h('strong', {}, 'Your doctor registration was not approved.'),
      user.rejectionReason ? ` Reason given: ${user.rejectionReason}` : ' Please contact the hospital.');
  }
  return h('div', { class: 'alert alert-info', role: 'status' },
    h('strong', {}, 'Your doctor account is waiting for approval.'),
    ' A hospital admin checks every new doctor. Once you are approved, sign out and in again to get the doctor pages.');
}

export function render({ main }) {
  const page = h('section', { class: 'home' });
  add(main, page);
  if (!signedIn()) {
    add(page, 
      pageHeading('Your checkups and reports, kept safe'),
      h('p', { class: 'lead' }, 'Book a checkup with a doctor, follow your appointments and download your reports. '
        + 'Every report is encrypted, stored twice and recorded on a signed ledger you can verify yourself.'),
      session.error ? errorBox({ title: 'We could not load your account.', detail: session.error.detail }) : null,
      h('div', { class: 'actions' },
        signInButton(),
        h('a', { class: 'button button-secondary', href: '#/register/patient' }, 'Register as a patient'),
        h('a', { class: 'button button-secondary', href: '#/register/doctor' }, 'Join as a doctor')),
      h('h2', {}, 'Looking for a doctor?'),
      h('p', {}, h('a', { href: '#/doctors' }, 'Search the directory'), ' by specialization and name.'));
    return;
  }
  const cards = [];
  if (hasRole('patient')) {
    cards.push(card('#/doctors', 'Find a doctor', 'Search by specialization and book a free slot.'),
      card('#/appointments', 'My appointments', 'See the status of your checkups, or cancel one.'),
      card('#/reports', 'My reports', 'Download your reports, verify them, and decide who else may read them.'));
  }
  if (hasRole('doctor')) {
    cards.push(card('#/slots', 'My slots', 'Publish the times patients can book.'),
      card('#/appointments', 'Appointments', 'Your booked checkups; mark them completed and upload reports.'),
      card('#/reports', 'Reports', 'Reports you uploaded or were granted; ask a patient for access.'));
  }
  if (hasRole('admin')) {
    cards.push(card('#/admin/doctors', 'Doctor approvals', 'Approve or reject doctors who registered.'));
  }
  if (hasRole('auditor')) {
    cards.push(card('#/audits', 'Integrity audits', 'Check stored reports against the ledger and repair copies.'));
  }
  cards.push(card('#/notifications', 'Notifications', 'Everything that happened to your appointments and reports.'));
  add(page, 
    pageHeading(`Welcome, ${displayName()}`),
    doctorStatusNote(),
    h('ul', { class: 'cards' }, cards));
}
