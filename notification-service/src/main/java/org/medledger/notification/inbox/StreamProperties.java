package org.medledger.notification.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server-sent-events stream of new notifications.
 *
 * @param heartbeat how often an idle stream sends a comment line, so proxies and the gateway keep it open
 * @param clusterPollInterval how often this instance looks in MongoDB for notifications other instances created
 *     (they reach their own streams at once, and this instance's streams within this interval); 0 turns the poll off
 *     for a single instance
 * @param clusterPollWindow how far back each poll looks; must exceed the clock skew between instances plus the
 *     poll interval
 * @param bufferPerSubscriber notifications held for a slow client before the oldest are dropped (it reloads the list
 *     on reconnect anyway)
 */
@ConfigurationProperties("medledger.notification.stream")
public record StreamProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("2s") Duration clusterPollInterval,
        @DefaultValue("15s") Duration clusterPollWindow,
        @DefaultValue("256") int bufferPerSubscriber) {
}
