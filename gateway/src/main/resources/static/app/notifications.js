// In-app notifications, live: one EventSource on /api/notifications/stream while signed in. Each new
// notification raises the unread count, shows a toast and is announced to screen readers.

import { get, items, post } from './api.js';
import { announce, h } from './dom.js';

const listeners = new Set();
let unread = 0;
let source = null;
let retryDelay = 2000;
let retryTimer = null;

/** Called with each live notification (views such as the inbox refresh on it). Returns an unsubscribe function. */
export function onNotification(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The header link to the inbox, with the unread count. */
export function notificationLink() {
  const count = h('span', { class: 'count', id: 'unread-count' });
  const link = h('a', { href: '#/notifications', class: 'notifications-link', id: 'notifications-link' },
    bellIcon(), h('span', { class: 'label' }, 'Notifications'), count);
  drawCount(link);
  return link;
}

function bellIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16'
    + 'A7 7 0 0 0 5 11v5l-2 2v1h18v-1z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

function drawCount(link = document.getElementById('notifications-link')) {
  if (!link) {
    return;
  }
  const count = link.querySelector('.count');
  count.textContent = unread > 0 ? String(unread) : '';
  count.hidden = unread === 0;
  link.setAttribute('aria-label', unread > 0 ? `Notifications, ${unread} unread` : 'Notifications');
  // on a phone the link is inside the folded menu: show the count on the menu button too
  const menuCount = document.getElementById('menu-count');
  menuCount.textContent = unread > 0 ? String(unread) : '';
  menuCount.hidden = unread === 0;
  const menu = document.getElementById('menu-toggle');
  if (unread > 0) {
    menu.setAttribute('aria-label', `Menu, ${unread} unread notifications`);
  } else {
    menu.removeAttribute('aria-label');
  }
}

export async function refreshUnread() {
  try {
    const page = await get('/api/notifications?unread=true&size=1');
    unread = Number(page?.total ?? items(page).length) || 0;
  } catch {
    // the count is a convenience: leave it as it was
  }
  drawCount();
}

export function setUnread(value) {
  unread = Math.max(0, value);
  drawCount();
}

export async function markRead(id) {
  const answer = await post(`/api/notifications/${encodeURIComponent(id)}/read`);
  await refreshUnread();
  return answer;
}

/** Opens the live stream; reconnects with back-off when the connection is lost for good. */
export function startNotifications() {
  if (source) {
    return;
  }
  refreshUnread();
  source = new EventSource('/api/notifications/stream');
  document.body.dataset.notifications = 'connecting';
  source.addEventListener('ready', () => {
    retryDelay = 2000;
    document.body.dataset.notifications = 'live';
    // catch up with anything created while disconnected
    refreshUnread();
    listeners.forEach(listener => listener(null));
  });
  source.addEventListener('notification', event => {
    let notification;
    try {
      notification = JSON.parse(event.data);
    } catch {
      return;
    }
    unread += 1;
    drawCount();
    toast(notification);
    announce(`New notification: ${notification.title}`);
    listeners.forEach(listener => listener(notification));
  });
  source.addEventListener('error', () => {
    // EventSource retries by itself after a dropped connection; it gives up (CLOSED) on an HTTP error
    if (source.readyState === EventSource.CLOSED) {
      source = null;
      document.body.dataset.notifications = 'offline';
      clearTimeout(retryTimer);
      retryTimer = setTimeout(startNotifications, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    }
  });
}

/** Where a notification leads, from the ids it refers to. */
export function notificationTarget(notification) {
  const refs = notification.refs || {};
  if (refs.reportId && refs.requestId) {
    return `#/reports/${encodeURIComponent(refs.reportId)}?request=${encodeURIComponent(refs.requestId)}`;
  }
  if (refs.reportId) {
    return `#/reports/${encodeURIComponent(refs.reportId)}`;
  }
  if (refs.auditId) {
    return `#/audits/${encodeURIComponent(refs.auditId)}`;
  }
  if (refs.appointmentId) {
    return '#/appointments';
  }
  return '#/notifications';
}

function toast(notification) {
  const container = document.getElementById('toasts');
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss notification' }, '×');
  const item = h('div', { class: 'toast' },
    h('a', { href: notificationTarget(notification), class: 'toast-title' }, notification.title),
    notification.body ? h('p', {}, notification.body) : null,
    close);
  const remove = () => item.remove();
  close.addEventListener('click', remove);
  container.append(item);
  setTimeout(remove, 12000);
  while (container.children.length > 3) {
    container.firstElementChild.remove();
  }
}
