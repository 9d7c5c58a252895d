package org.medledger.reportchain.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.reportchain.access.DownloadTokens;
import org.medledger.reportchain.access.TokenDownloadGate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Lets tests that are about storage and streaming, not about access, download with their bearer token alone: a
 * {@code GET /api/reports/{id}/content} sent through the test {@code WebTestClient} without
 * {@value TokenDownloadGate#HEADER} gets a download token minted for the bearer's subject and that report (through
 * the real {@link DownloadTokens}, so the gate still checks readability and spends the token). Tests about the gate
 * send {@value #RAW} (stripped here) to reach the service exactly as written.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AutoDownloadTokens {

    /** Request header that turns the automatic token off for one request. */
    public static final String RAW = "X-Test-Raw-Download";

    private static final Pattern CONTENT = Pattern.compile("^/api/reports/([^/]+)/content$");

    @Bean
    WebTestClientBuilderCustomizer autoDownloadTokenFilter(ObjectProvider<DownloadTokens> tokens) {
        return builder -> builder.filter(autoToken(tokens));
    }

    private static ExchangeFilterFunction autoToken(ObjectProvider<DownloadTokens> tokens) {
        return (request, next) -> {
            if (request.headers().containsHeader(RAW)) {
                return next.exchange(ClientRequest.from(request).headers(h -> h.remove(RAW)).build());
            }
            Matcher path = CONTENT.matcher(request.url().getPath());
            String authorization = request.headers().getFirst(HttpHeaders.AUTHORIZATION);
            if (request.method() != HttpMethod.GET || !path.matches() || authorization == null
                    || request.headers().containsHeader(TokenDownloadGate.HEADER)) {
                return next.exchange(request);
            }
            String subject = TestTokens.subjectOf(authorization.substring("Bearer ".length()));
            if (subject == null) {
                return next.exchange(request);
            }
            return tokens.getObject().mint(subject, path.group(1))
                    .flatMap(issued -> next.exchange(ClientRequest.from(request)
                            .header(TokenDownloadGate.HEADER, issued.token()).build()));
        };
    }
}
