package org.medledger.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the CloudEvent {@code type} of a {@link DomainEvent} record and the topic it is published on.
 * The JSON Schema of the type's data lives at {@code org/medledger/events/schemas/<type>.json}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** CloudEvent type, e.g. {@code org.medledger.booking.appointment-booked.v1}; the version ends the name. */
    String value();

    /** Topic the event is published on (a {@link Topics} constant). */
    String topic();
}
