package org.medledger.notification.dispatch;

import io.cloudevents.CloudEvent;
import org.medledger.notification.mail.MailDeliveryException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    /** Bean name of the post-processor every listener of this service names. */
    static final String LISTENER_POST_PROCESSOR = "notificationListenerPostProcessor";

    /**
     * A {@link MailDeliveryException} comes after the SMTP retry budget is spent (or from a refusal no retry fixes):
     * the shared error handler must park the record at once instead of running the whole budget again per attempt.
     * Every other failure keeps the shared back-off.
     */
    @Bean(LISTENER_POST_PROCESSOR)
    ContainerPostProcessor<String, CloudEvent, AbstractMessageListenerContainer<String, CloudEvent>> notificationListenerPostProcessor() {
        return container -> {
            if (container.getCommonErrorHandler() instanceof DefaultErrorHandler handler) {
                handler.addNotRetryableExceptions(MailDeliveryException.class);
            }
        };
    }
}
