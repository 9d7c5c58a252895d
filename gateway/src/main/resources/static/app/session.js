// Who is signed in. The gateway holds the OAuth2 session (the token never reaches JavaScript); the UI only asks
// GET /api/identity/me, where 401 means "signed out".

import { ApiError, csrfToken, get } from './api.js';
import { h } from './dom.js';

export const ROLES = ['patient', 'doctor', 'admin', 'auditor'];
const RETURN_KEY = 'medledger.returnTo';

/** The session: `user` (the profile, or null), `roles` (lower-case realm roles), `error` (profile not loadable). */
export const session = { user: null, roles: [], error: null };

export async function loadSession() {
  try {
    const me = await get('/api/identity/me');
    session.user = me;
    session.roles = rolesOf(me);
    session.error = null;
  } catch (e) {
    session.user = null;
    session.roles = [];
    session.error = e instanceof ApiError && e.status === 401 ? null : e;
  }
  return session;
}

function rolesOf(me) {
  const raw = [].concat(me.roles || [], me.role || []);
  return [...new Set(raw.map(role => String(role).toLowerCase().replace(/^role_/, '')))]
    .filter(role => ROLES.includes(role));
}

export const signedIn = () => session.user !== null;
export const hasRole = (...roles) => roles.some(role => session.roles.includes(role));

/** The user's display name. */
export function displayName() {
  const user = session.user || {};
  return user.name || user.username || user.email || 'you';
}

/** A doctor whose registration an admin has not approved yet (no doctor role in the token so far). */
export function pendingDoctor() {
  const user = session.user || {};
  const status = String(user.status || user.doctorStatus || '').toUpperCase();
  return signedIn() && !hasRole('doctor') && (status === 'PENDING' || status === 'REJECTED')
    && String(user.role || user.registeredAs || '').toLowerCase() === 'doctor';
}

/** Sends the browser to Keycloak's login page, coming back to the current page afterwards. */
export function signIn() {
  sessionStorage.setItem(RETURN_KEY, location.hash || '#/');
  location.assign('/oauth2/authorization/keycloak');
}

/** After sign-in the gateway lands on "/": go back to where the user was. */
export function returnAfterSignIn() {
  const target = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  if (target && signedIn() && target !== location.hash) {
    // replace, not push: no hashchange event, and Back does not return to the bare landing page
    history.replaceState(null, '', target);
  }
}

/** The sign-out control: a real form POST to /logout carrying the CSRF token; the gateway ends the Keycloak session. */
export function signOutForm() {
  const token = h('input', { type: 'hidden', name: '_csrf' });
  const form = h('form', { method: 'post', action: '/logout', class: 'sign-out' },
    token,
    h('button', { type: 'submit', class: 'button button-secondary' }, 'Sign out'));
  form.addEventListener('submit', () => {
    token.value = csrfToken() || '';
    sessionStorage.clear();
  });
  return form;
}

export function signInButton(label = 'Sign in') {
  return h('button', { type: 'button', class: 'button', on: { click: signIn } }, label);
}
