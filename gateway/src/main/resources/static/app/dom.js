// Small DOM helpers. Every text goes in as a text node (never as HTML), so nothing the API returns can inject
// markup; events are attached with addEventListener, so the page runs under a strict CSP.

let nextId = 0;

/** A unique id for label/input pairs and aria references. */
export function uid(prefix = 'f') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * Creates an element. `props`: `class`, `text`, `on: {click: fn}`, `dataset: {}`, boolean DOM properties
 * (`disabled`, `required`, `checked`, `hidden`), `value`, anything else as an attribute (aria-*, role, href…).
 * Children may be nodes, strings, numbers, arrays, or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      element.className = value;
    } else if (key === 'text') {
      element.textContent = value;
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        element.addEventListener(event, handler);
      }
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (['disabled', 'required', 'checked', 'hidden', 'multiple', 'selected', 'open'].includes(key)) {
      element[key] = Boolean(value);
    } else if (key === 'value') {
      element.value = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Appends children to `element`, skipping null, undefined and false (unlike Element.append, which prints them). */
export function add(element, ...children) {
  append(element, children);
  return element;
}

/** Replaces the children of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/**
 * A labelled form control with an optional hint and a slot for its error message.
 * `spec`: {label, name, type ('text', 'select', 'textarea', …), options: [{value, label}], hint, required, …attrs}.
 */
export function field(spec) {
  const { label, name, type = 'text', options = [], hint, ...attrs } = spec;
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  let control;
  if (type === 'select') {
    control = h('select', { id, name, 'aria-describedby': describedBy, ...attrs },
      options.map(o => h('option', { value: o.value, selected: o.value === attrs.value }, o.label)));
  } else if (type === 'textarea') {
    control = h('textarea', { id, name, 'aria-describedby': describedBy, rows: 3, ...attrs });
  } else {
    control = h('input', { id, name, type, 'aria-describedby': describedBy, ...attrs });
  }
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label, attrs.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** The values of a form's named controls: text trimmed, passwords as typed, checkboxes as arrays, files left out. */
export function formValues(form) {
  const values = {};
  for (const control of form.elements) {
    if (!control.name || control.disabled) {
      continue;
    }
    if (control.type === 'checkbox') {
      if (control.checked) {
        (values[control.name] = values[control.name] || []).push(control.value);
      }
    } else if (control.type === 'radio') {
      if (control.checked) {
        values[control.name] = control.value;
      }
    } else if (control.type === 'password') {
      values[control.name] = control.value;
    } else if (control.type !== 'file') {
      values[control.name] = control.value.trim();
    }
  }
  return values;
}

/** Removes the error state from every field of a form and hides its alert. */
export function clearErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
  const alert = form.querySelector(':scope > .alert');
  if (alert) {
    alert.remove();
  }
}

/**
 * Shows an error at the top of a form: a summary (role=alert, so it is announced, and focused) that links to each
 * field the check or the API named; each of those fields is marked invalid and shows its own message.
 */
export function showFormError(form, error) {
  clearErrors(form);
  const links = [];
  for (const { field: name, message } of error.fieldErrors || []) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!wrapper) {
      continue;
    }
    const control = wrapper.querySelector('input, select, textarea');
    const slot = wrapper.querySelector('.field-error');
    slot.textContent = message;
    slot.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    const label = wrapper.querySelector('label, legend');
    const labelText = label ? label.textContent.replace(/\s*\*$/, '') : name;
    const link = h('a', { href: `#${control.id}` }, `${labelText}: ${message}`);
    link.addEventListener('click', event => {
      event.preventDefault();
      control.focus();
    });
    links.push(h('li', {}, link));
  }
  const alert = errorBox(error);
  if (links.length) {
    alert.append(h('ul', { class: 'error-list' }, links));
  }
  form.prepend(alert);
  alert.focus();
}

/** Shows the form's error summary for one invalid field. */
export function showFieldError(form, name, message) {
  showFormError(form, { title: 'Please check the form.', fieldErrors: [{ field: name, message }] });
}

/** An accessible error box for an ApiError (or any Error). */
export function errorBox(error) {
  const title = error.title || 'Something went wrong';
  const detail = error.detail || (error.title ? '' : error.message);
  return h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1' },
    h('strong', {}, title), detail ? h('span', {}, ` ${detail}`) : null);
}

/** A success or information message, announced politely. */
export function notice(text, kind = 'success', ...extra) {
  return h('div', { class: `alert alert-${kind}`, role: 'status', tabindex: '-1' }, text, ...extra);
}

/** Announces a message to screen-reader users without moving focus. */
export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // a new text node after a frame, so the same message twice is announced twice
  requestAnimationFrame(() => { region.textContent = text; });
}

/** Runs `action` with the button disabled and marked busy, so a double click cannot send twice. */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "5 Nov 2026, 09:30" in the browser's locale and time zone; "—" when absent. */
export function formatDateTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatDate(iso) {
  return iso ? dateOnly.format(new Date(iso)) : '—';
}

/** "09:30 – 10:00" for a start and an end. */
export function formatRange(start, end) {
  return `${dateTime.format(new Date(start))} – ${timeOnly.format(new Date(end))}`;
}

/** The date in the browser's time zone as yyyy-mm-dd, the value format of <input type=date>. */
export function localDate(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

/** "12.4 MB" */
export function formatBytes(bytes) {
  if (bytes === undefined || bytes === null || Number.isNaN(Number(bytes))) {
    return '—';
  }
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(1)} ${units[unit]}`;
}

const STATUS_LABELS = {
  BOOKED: 'Booked', COMPLETED: 'Completed', REPORT_AVAILABLE: 'Report available', CANCELLED: 'Cancelled',
  FREE: 'Free', PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected', GRANTED: 'Granted', DENIED: 'Denied',
  REVOKED: 'Revoked', EXPIRED: 'Expired', RUNNING: 'Running', QUEUED: 'Queued', DONE: 'Done', FAILED: 'Failed',
  SUCCEEDED: 'Succeeded', COMPLETED_WITH_FINDINGS: 'Completed with findings',
};

/** A status badge with a text label (never colour alone). */
export function statusBadge(status) {
  const value = String(status || 'UNKNOWN');
  return h('span', { class: `badge badge-${value.toLowerCase().replace(/_/g, '-')}` },
    STATUS_LABELS[value] || value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' '));
}

/** A heading that receives focus after navigation, so screen readers announce the new page. */
export function pageHeading(text) {
  return h('h1', { tabindex: '-1', class: 'page-title' }, text);
}

/** Shown where a part of the API is not there yet or its service is down. */
export function unavailableNote(error, what) {
  return h('div', { class: 'alert alert-info', role: 'status' },
    h('strong', {}, `${what} is not available right now.`),
    h('span', {}, ` ${error.status === 404 ? 'This part of MedLedger is not switched on yet.' : error.detail}`));
}
