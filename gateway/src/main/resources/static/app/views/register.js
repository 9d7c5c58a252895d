// Registration of patients (POST /api/identity/patients) and doctors (POST /api/identity/doctors). Keycloak's
// password policy has the last word; its refusal comes back as a problem and is shown on the form.

import { get, items, post } from '../api.js';
import { add, busy, clearErrors, field, formValues, h, notice, pageHeading, showFormError } from '../dom.js';
import { signedIn, signInButton } from '../session.js';

const GENDERS = [
  { value: '', label: 'Choose…' },
  { value: 'FEMALE', label: 'Female' },
  { value: 'MALE', label: 'Male' },
  { value: 'OTHER', label: 'Other' },
  { value: 'UNDISCLOSED', label: 'Prefer not to say' },
];

const PASSWORD_HINT = 'At least 12 characters with an upper-case letter, a lower-case letter, a digit and a special '
  + 'character; not your e-mail address.';

export function renderPatient(context) {
  return renderForm(context, 'patient');
}

export function renderDoctor(context) {
  return renderForm(context, 'doctor');
}

async function renderForm({ main }, kind) {
  const doctor = kind === 'doctor';
  const page = h('section', { class: 'panel narrow' });
  add(main, page);
  add(page, pageHeading(doctor ? 'Join MedLedger as a doctor' : 'Register as a patient'));
  if (signedIn()) {
    add(page, h('p', {}, 'You are signed in already. Sign out first to register another account.'));
    return;
  }
  add(page, h('p', {}, doctor
    ? 'A hospital admin checks every new doctor before they appear in the directory and can take appointments.'
    : 'With an account you can book checkups and receive your reports.'));

  const specialization = doctor ? await specializationField() : null;
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': doctor ? 'Doctor registration' : 'Patient registration' },
    field({ label: 'Full name', name: 'name', required: true, autocomplete: 'name', maxlength: 100 }),
    field({ label: 'E-mail address', name: 'email', type: 'email', required: true, autocomplete: 'email',
      hint: 'You sign in with it; codes for downloading reports are sent to it.' }),
    field({ label: 'Password', name: 'password', type: 'password', required: true, autocomplete: 'new-password',
      hint: PASSWORD_HINT }),
    field({ label: 'Repeat the password', name: 'passwordRepeat', type: 'password', required: true, autocomplete: 'new-password' }),
    specialization,
    field({ label: 'Gender', name: 'gender', type: 'select', options: GENDERS, required: true }),
    field({ label: 'Date of birth', name: 'dateOfBirth', type: 'date', required: true, autocomplete: 'bday',
      max: new Date().toISOString().slice(0, 10) }),
    field({ label: 'Phone', name: 'phone', type: 'tel', required: true, autocomplete: 'tel',
      hint: doctor ? 'Shown to patients in the directory.' : 'Only for the hospital to reach you.' }),
    field({ label: 'Address', name: 'address', type: 'textarea', required: true, autocomplete: 'street-address',
      hint: doctor ? 'Never shown in the directory.' : null }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, doctor ? 'Register as a doctor' : 'Register')));
  add(page, form);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = formValues(form);
    const problems = check(values, doctor);
    if (problems.length) {
      showFormError(form, { title: 'Please check the form.', detail: '', fieldErrors: problems });
      return;
    }
    const body = { name: values.name, email: values.email, password: values.password,
      gender: values.gender, address: values.address.replace(/\s*\n\s*/g, ', '), dateOfBirth: values.dateOfBirth,
      phone: values.phone };
    if (doctor) {
      body.specialization = values.specialization;
    }
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await post(doctor ? '/api/identity/doctors' : '/api/identity/patients', body);
        clearErrors(form);
        const done = notice(doctor
          ? 'Thank you for registering. A hospital admin will check your account; you can sign in meanwhile, and you '
            + 'get the doctor pages once you are approved.'
          : 'Your account is ready. Sign in with your e-mail address and password.',
        'success', ' ', signInButton('Sign in now'));
        form.replaceWith(done);
        done.focus();
      } catch (e) {
        showFormError(form, e);
      }
    });
  });
}

async function specializationField() {
  try {
    const list = items(await get('/api/identity/specializations'));
    if (list.length) {
      return field({ label: 'Specialization', name: 'specialization', type: 'select', required: true,
        options: [{ value: '', label: 'Choose…' }, ...list.map(s => ({ value: s.code, label: s.name }))] });
    }
  } catch {
    // fall back to free text: the service still checks it against its list
  }
  return field({ label: 'Specialization', name: 'specialization', required: true, hint: 'For example: cardiology' });
}

function check(values, doctor) {
  const problems = [];
  const need = (name, label) => {
    if (!values[name]) {
      problems.push({ field: name, message: `Please enter your ${label}.` });
    }
  };
  need('name', 'full name');
  need('email', 'e-mail address');
  if (values.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) {
    problems.push({ field: 'email', message: 'This does not look like an e-mail address.' });
  }
  if (!values.password) {
    problems.push({ field: 'password', message: 'Please choose a password.' });
  } else if (values.password.length < 12) {
    problems.push({ field: 'password', message: 'The password needs at least 12 characters.' });
  }
  if (values.password && values.passwordRepeat !== values.password) {
    problems.push({ field: 'passwordRepeat', message: 'The two passwords are not the same.' });
  }
  if (doctor && !values.specialization) {
    problems.push({ field: 'specialization', message: 'Please choose your specialization.' });
  }
  if (!values.gender) {
    problems.push({ field: 'gender', message: 'Please choose a gender, or "Prefer not to say".' });
  }
  need('dateOfBirth', 'date of birth');
  if (values.dateOfBirth && values.dateOfBirth > new Date().toISOString().slice(0, 10)) {
    problems.push({ field: 'dateOfBirth', message: 'The date of birth cannot be in the future.' });
  }
  need('phone', 'phone number');
  need('address', 'address');
  return problems;
}
