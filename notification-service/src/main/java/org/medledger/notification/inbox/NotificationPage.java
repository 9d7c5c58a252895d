package org.medledger.notification.inbox;

import java.util.List;

/**
 * One page of the caller's notifications, newest first.
 *
 * @param items the notifications on this page
 * @param page page number, from 0
 * @param size page size asked for
 * @param total how many notifications match the filter in all (with {@code unread=true}: the unread count)
 */
public record NotificationPage(List<NotificationView> items, int page, int size, long total) {
}
