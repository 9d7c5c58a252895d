package org.medledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

class PlainHeaderFirewallTest {

    private static final Predicate<String> NAMES = PlainHeaderFirewall.orElse(false,
            StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
    private static final Predicate<String> VALUES = PlainHeaderFirewall.orElse(true,
            StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);

    @Test
    void everyCharacter_isJudgedAsSpringSecurityJudgesIt_aloneAndInsideText() {
        for (int c = 0; c < 0x10000; c++) {
            for (String value : List.of(String.valueOf((char) c), "Bearer ab" + (char) c + "cd")) {
                assertThat(NAMES.test(value)).as("name U+%04X", c)
                        .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(value));
                assertThat(VALUES.test(value)).as("value U+%04X", c)
                        .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(value));
            }
        }
    }

    @Test
    void controlCharactersAndUnassignedCodePoints_areRefused_tabOnlyInValues() {
        for (String refused : List.of("a\rb", "a\nb", "a\u0000b", "a\u007fb", "a\u0085b", "a\uffffb",
                "a" + Character.toString(0xE0080) + "b")) {
            assertThat(NAMES.test(refused)).as(refused).isFalse();
            assertThat(VALUES.test(refused)).as(refused).isFalse();
        }
        assertThat(VALUES.test("a\tb")).isTrue();
        assertThat(NAMES.test("a\tb")).isFalse();
    }

    @Test
    void printableAsciiAndAssignedUnicode_pass() {
        String token = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXRpZW50In0.c2lnbmF0dXJl-_~+/==";
        assertThat(VALUES.test(token)).isTrue();
        assertThat(VALUES.test("Grüße 😀")).isTrue();
        assertThat(NAMES.test("X-Request-Id")).isTrue();
        assertThat(VALUES.test("")).isTrue();
        assertThat(VALUES.test(null)).isTrue();
    }
}
