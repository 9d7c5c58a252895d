// The shell: loads the session, draws the navigation for the user's roles and routes #/paths to views.

import { errorBox, h, pageHeading, replace } from './dom.js';
import { hasRole, loadSession, returnAfterSignIn, session, signedIn, signInButton, signOutForm } from './session.js';
import { notificationLink, startNotifications } from './notifications.js';
import * as home from './views/home.js';
import * as register from './views/register.js';
import * as directory from './views/directory.js';
import * as doctor from './views/doctor.js';
import * as slots from './views/slots.js';
import * as appointments from './views/appointments.js';
import * as upload from './views/upload.js';
import * as reports from './views/reports.js';
import * as report from './views/report.js';
import * as inbox from './views/inbox.js';
import * as admin from './views/admin.js';
import * as audits from './views/audits.js';

/** Path pattern, view, and the roles that may open it ('any' = any signed-in user; none = everyone). */
const ROUTES = [
  ['/', home.render],
  ['/register/patient', register.renderPatient],
  ['/register/doctor', register.renderDoctor],
  ['/doctors', directory.render],
  ['/doctors/:id', doctor.render],
  ['/slots', slots.render, ['doctor']],
  ['/appointments', appointments.render, ['patient', 'doctor']],
  ['/appointments/:id/upload', upload.render, ['doctor']],
  ['/reports', reports.render, ['patient', 'doctor']],
  ['/reports/:id', report.render, ['patient', 'doctor']],
  ['/notifications', inbox.render, 'any'],
  ['/admin/doctors', admin.render, ['admin']],
  ['/audits', audits.renderList, ['auditor']],
  ['/audits/:id', audits.renderOne, ['auditor']],
];

const NAV = [
  { href: '#/', label: 'Home' },
  { href: '#/doctors', label: 'Find a doctor', when: () => !signedIn() || hasRole('patient') },
  { href: '#/slots', label: 'My slots', when: () => hasRole('doctor') },
  { href: '#/appointments', label: 'Appointments', when: () => hasRole('patient', 'doctor') },
  { href: '#/reports', label: 'Reports', when: () => hasRole('patient', 'doctor') },
  { href: '#/admin/doctors', label: 'Doctor approvals', when: () => hasRole('admin') },
  { href: '#/audits', label: 'Audits', when: () => hasRole('auditor') },
  { href: '#/register/patient', label: 'Register', when: () => !signedIn() },
  { href: '#/register/doctor', label: 'Join as a doctor', when: () => !signedIn() },
];

let cleanup = null;
let generation = 0;
let firstRoute = true;

function match(path) {
  for (const [pattern, view, roles] of ROUTES) {
    const names = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)'; })}$`);
    const found = regex.exec(path);
    if (found) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { view, roles, params };
    }
  }
  return null;
}

function drawNav() {
  const current = location.hash.split('?')[0] || '#/';
  const links = NAV.filter(item => !item.when || item.when()).map(item => {
    const active = item.href === '#/' ? current === '#/' : current.startsWith(item.href);
    return h('li', {}, h('a', { href: item.href, 'aria-current': active ? 'page' : null }, item.label));
  });
  replace(document.getElementById('nav-links'), links);
  const account = document.getElementById('account');
  if (signedIn()) {
    const user = session.user;
    replace(account,
      notificationLink(),
      h('span', { class: 'who' }, h('span', { class: 'visually-hidden' }, 'Signed in as '), user.name || user.email,
        session.roles.length ? h('span', { class: 'role' }, h('span', { class: 'visually-hidden' }, ', '),
          session.roles.map(role => role.charAt(0).toUpperCase() + role.slice(1)).join(', ')) : null),
      signOutForm());
  } else {
    replace(account, signInButton());
  }
}

function guard(roles) {
  if (!roles) {
    return null;
  }
  if (!signedIn()) {
    return h('section', { class: 'panel' }, pageHeading('Please sign in'),
      h('p', {}, 'Sign in with your MedLedger account to see this page.'), signInButton());
  }
  if (roles !== 'any' && !hasRole(...roles)) {
    return h('section', { class: 'panel' }, pageHeading('Not for your account'),
      h('p', {}, `This page is for ${roles.join(' and ')} accounts.`), h('a', { href: '#/' }, 'Back to the home page'));
  }
  return null;
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  generation += 1;
  const mine = generation;
  // body[data-ready] says "this page has finished drawing", for people's tools and for the browser tests
  document.body.dataset.ready = 'false';
  const [path, search = ''] = (location.hash.slice(1) || '/').split('?');
  const main = document.getElementById('main');
  const found = match(path);
  drawNav();
  closeMenu();
  if (!found) {
    replace(main, h('section', { class: 'panel' }, pageHeading('Page not found'),
      h('p', {}, 'There is no such page. '), h('a', { href: '#/' }, 'Go to the home page')));
  } else {
    const refused = guard(found.roles);
    if (refused) {
      replace(main, refused);
    } else {
      replace(main);
      const context = { main, params: found.params, query: new URLSearchParams(search), session };
      let result = null;
      try {
        result = await found.view(context);
      } catch (e) {
        console.error(e);
        replace(main, h('section', { class: 'panel' }, pageHeading('Something went wrong'),
          errorBox({ title: 'This page could not be shown.', detail: 'Reload the page or try again later.' })));
      }
      if (mine !== generation) {
        // the user moved on while this view was loading
        if (typeof result === 'function') {
          result();
        }
        return;
      }
      cleanup = typeof result === 'function' ? result : null;
    }
  }
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · MedLedger` : 'MedLedger';
  // after a navigation (not the first page load), move focus to the new page's heading, so keyboard and
  // screen-reader users start there
  const active = document.activeElement;
  if (!firstRoute && (active === document.body || active?.closest('.site-header') || !active?.isConnected)) {
    (heading || main).focus();
  }
  firstRoute = false;
  document.body.dataset.ready = 'true';
}

function closeMenu() {
  document.getElementById('menu-toggle').setAttribute('aria-expanded', 'false');
  document.getElementById('site-nav').classList.remove('open');
}

function setUpMenu() {
  const toggle = document.getElementById('menu-toggle');
  const nav = document.getElementById('site-nav');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape' && nav.classList.contains('open')) {
      closeMenu();
      toggle.focus();
    }
  });
}

/** An API call answered 401 although the page thought it was signed in: the session ended (timeout, signed out). */
function onSignedOut() {
  if (signedIn()) {
    session.user = null;
    session.roles = [];
    drawNav();
  }
}

async function start() {
  setUpMenu();
  window.addEventListener('medledger:signed-out', onSignedOut);
  await loadSession();
  returnAfterSignIn();
  if (signedIn()) {
    startNotifications();
  }
  window.addEventListener('hashchange', route);
  await route();
}

start();
