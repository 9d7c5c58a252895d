/**
 * From events to notifications: the Kafka consumers, who hears about what
 * ({@link org.medledger.notification.dispatch.NotificationPlanner}), and the delivery workflow with its
 * reliability rules ({@link org.medledger.notification.dispatch.NotificationDispatcher}).
 */
package org.medledger.notification.dispatch;
