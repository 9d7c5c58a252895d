/**
 * E-mail: the Mustache templates ({@link org.medledger.notification.mail.MailTemplates}), SMTP sending with
 * classified failures and resilience4j retries ({@link org.medledger.notification.mail.MailTransport}), and the
 * mail settings. Knows nothing of Kafka or MongoDB.
 */
package org.medledger.notification.mail;
