// The caller's notifications (GET /api/notifications), newest first, refreshed live; mark one read with
// POST /api/notifications/{id}/read.

import { get, items, query } from '../api.js';
import { add, busy, errorBox, formatDateTime, h, pageHeading, replace, unavailableNote } from '../dom.js';
import { markRead, notificationTarget, onNotification } from '../notifications.js';

const PAGE_SIZE = 20;
const EMAIL_STATUS = { PENDING: 'e-mail pending', SENT: 'e-mail sent', FAILED: 'e-mail failed', BOUNCED: 'e-mail refused' };

export async function render({ main, query: params }) {
  const page = h('section', { class: 'panel' });
  add(main, page);
  const list = h('div', { id: 'notification-list' });
  const pageNumber = Math.max(0, Number(params.get('page') || 0));
  add(page, pageHeading('Notifications'), list);
  const load = () => loadPage(list, pageNumber);
  await load();
  return onNotification(() => load());
}

async function loadPage(container, pageNumber) {
  try {
    const answer = await get(`/api/notifications${query({ page: pageNumber, size: PAGE_SIZE })}`);
    const notifications = items(answer);
    const total = Number(answer?.total ?? notifications.length);
    replace(container,
      notifications.length
        ? h('ul', { class: 'notification-list', 'aria-label': 'Notifications' },
          notifications.map(n => item(n, container, pageNumber)))
        : h('p', { class: 'empty' }, 'No notifications yet.'),
      pager(pageNumber, total));
  } catch (e) {
    replace(container, e.unavailable ? unavailableNote(e, 'Notifications') : errorBox(e));
  }
}

function item(notification, container, pageNumber) {
  const read = notification.read;
  const mark = read ? null : h('button', { type: 'button', class: 'button button-small button-secondary',
    'aria-label': `Mark read: ${notification.title}` }, 'Mark read');
  mark?.addEventListener('click', () => busy(mark, async () => {
    try {
      await markRead(notification.id);
      await loadPage(container, pageNumber);
    } catch (e) {
      mark.after(errorBox(e));
    }
  }));
  return h('li', { class: `notification${read ? '' : ' unread'}`, dataset: { kind: notification.kind || '' } },
    h('div', { class: 'notification-head' },
      h('a', { href: notificationTarget(notification) }, notification.title),
      read ? null : h('span', { class: 'badge badge-unread' }, 'Unread')),
    notification.body ? h('p', {}, notification.body) : null,
    h('p', { class: 'meta' }, formatDateTime(notification.createdAt),
      notification.email?.status ? ` · ${EMAIL_STATUS[notification.email.status] || notification.email.status}` : ''),
    mark);
}

function pager(pageNumber, total) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) {
    return null;
  }
  return h('nav', { class: 'pager', 'aria-label': 'Notification pages' },
    pageNumber > 0 ? h('a', { href: `#/notifications?page=${pageNumber - 1}` }, 'Newer') : null,
    h('span', {}, `Page ${pageNumber + 1} of ${pages}`),
    pageNumber + 1 < pages ? h('a', { href: `#/notifications?page=${pageNumber + 1}` }, 'Older') : null);
}
