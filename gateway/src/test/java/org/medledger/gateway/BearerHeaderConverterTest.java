package org.medledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

class BearerHeaderConverterTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXRpZW50In0.c2ln-_bmF0~dXJl+/";

    @Test
    void everyHeader_getsSpringSecuritysAnswer() {
        List<String> headers = List.of("Bearer " + JWT, "bearer " + JWT, "BEARER " + JWT, "Bearer " + JWT + "==",
                "Bearer " + JWT + "=a", "Bearer =", "Bearer ", "Bearer", "Bearer  " + JWT, "Bearer " + JWT + " ",
                "Bearer\t" + JWT, "Bearer " + JWT + "\n", "Bearer ab%cd", "Bearer ab cd", "Bearer abç", "Bearerx abc",
                "Bearer:" + JWT, "Basic dXNlcjpwYXNz", "Token abc", "bear abc", "", "Bearer a", "Bearer ==",
                "Bearer a=b=");
        var spring = new ServerBearerTokenAuthenticationConverter();
        var ours = new BearerHeaderConverter();
        for (String header : headers) {
            assertThat(answer(ours, header)).as("Authorization: %s", header).isEqualTo(answer(spring, header));
        }
        assertThat(answer(ours, "Bearer " + JWT + "==")).isEqualTo("token " + JWT + "==");
        assertThat(answer(ours, "Bearer ab cd")).isEqualTo("refused: Bearer token is malformed");
        assertThat(answer(ours, "Basic dXNlcjpwYXNz")).isEqualTo("none");
    }

    @Test
    void noAuthorizationHeader_isNoBearerToken() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/bookings/slots"));
        assertThat(new BearerHeaderConverter().convert(exchange).blockOptional()).isEmpty();
    }

    private static String answer(ServerAuthenticationConverter converter, String authorization) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/bookings/slots")
                .header(HttpHeaders.AUTHORIZATION, authorization));
        try {
            return converter.convert(exchange)
                    .map(token -> "token " + ((BearerTokenAuthenticationToken) token).getToken())
                    .defaultIfEmpty("none").block();
        } catch (OAuth2AuthenticationException e) {
            return "refused: " + e.getError().getDescription();
        }
    }
}
