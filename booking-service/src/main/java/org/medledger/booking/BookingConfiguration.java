package org.medledger.booking;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the booking features. */
@Configuration(proxyBeanMethods = false)
class BookingConfiguration {

    /** The clock every booking rule (in the future, not before start) reads; tests replace it. */
    @Bean
    Clock bookingClock() {
        return Clock.systemUTC();
    }
}
