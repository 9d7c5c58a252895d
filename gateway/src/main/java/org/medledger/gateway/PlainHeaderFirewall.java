package org.medledger.gateway;

import java.util.function.Predicate;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's strict firewall with the same header rules, answered without a regular expression for the
 * headers nearly every request has: plain printable ASCII.
 *
 * <p>The firewall checks a header value each time anything reads it, with a Unicode-class pattern of a few nanoseconds
 * per character; a bearer token is 1–2 KB and is read several times per call, which made these checks about 4% of the
 * gateway's CPU under load. Printable ASCII (and, in values, tab) is assigned and not a control character, so it
 * passes the library's patterns too; anything else is left to the library's own predicates, so no header is accepted
 * here that Spring Security would refuse.
 */
final class PlainHeaderFirewall {

    private PlainHeaderFirewall() {
    }

    static StrictServerWebExchangeFirewall create() {
        var firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(orElse(false, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES));
        firewall.setAllowedHeaderValues(orElse(true, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES));
        return firewall;
    }

    /** Printable ASCII (and tab, when {@code tabAllowed}) passes; any other string is for {@code library} to judge. */
    static Predicate<String> orElse(boolean tabAllowed, Predicate<String> library) {
        return value -> value != null && isPrintableAscii(value, tabAllowed) || library.test(value);
    }

    private static boolean isPrintableAscii(String value, boolean tabAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' || c > '~') && !(tabAllowed && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}
