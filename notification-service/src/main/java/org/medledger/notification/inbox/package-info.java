/**
 * In-app notifications: the {@code notifications} collection ({@link org.medledger.notification.inbox.NotificationStore}),
 * the live feed behind the server-sent-events stream, and the {@code /api/notifications} endpoints.
 */
package org.medledger.notification.inbox;
