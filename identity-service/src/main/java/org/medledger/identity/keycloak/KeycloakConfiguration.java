package org.medledger.identity.keycloak;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Wires {@link KeycloakAdminClient}: a WebClient with connect and response timeouts, a bearer token from the
 * client-credentials grant of {@code identity-service} (Spring Security's OAuth2 client, cached until 30 s before
 * it expires, always fetched for the service itself, never on behalf of the caller of a request), and the
 * resilience4j circuit breaker {@value #NAME} and retry {@value #NAME}, both published as metrics.
 *
 * <p>Why WebClient and not keycloak-admin-client: the calls needed are few (create, search, reset password, role
 * mappings, delete), WebClient keeps them non-blocking and in Boot's own JSON stack, and their failures (status and
 * Keycloak's error message) are plain to map. The admin client would need RESTEasy and Jackson 2 beside Boot's
 * Jackson 3, and a bounded-elastic thread for each blocking call.
 */
@Configuration(proxyBeanMethods = false)
class KeycloakConfiguration {

    static final String NAME = "keycloak";
    private static final String REGISTRATION_ID = "keycloak-admin";

    @Bean
    CircuitBreaker keycloakCircuitBreaker(KeycloakProperties properties, ObjectProvider<MeterRegistry> meters) {
        KeycloakProperties.Resilience resilience = properties.resilience();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(resilience.failureRateThreshold())
                .slidingWindowSize(resilience.slidingWindowSize())
                .minimumNumberOfCalls(resilience.minimumCalls())
                .waitDurationInOpenState(resilience.openDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(e -> e instanceof KeycloakUnavailableException)
                .build());
        meters.ifAvailable(registry1 -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(registry1));
        return registry.circuitBreaker(NAME);
    }

    @Bean
    Retry keycloakRetry(KeycloakProperties properties, ObjectProvider<MeterRegistry> meters) {
        KeycloakProperties.Resilience resilience = properties.resilience();
        RetryRegistry registry = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(Math.max(1, resilience.maxAttempts()))
                .intervalFunction(IntervalFunction.ofExponentialBackoff(resilience.retryWait(), 2.0))
                .retryOnException(KeycloakAdminClient::repeatable)
                .failAfterMaxAttempts(false)
                .build());
        meters.ifAvailable(registry1 -> TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(registry1));
        return registry.retry(NAME);
    }

    @Bean
    @ConditionalOnMissingBean(KeycloakUsers.class)
    KeycloakAdminClient keycloakUsers(WebClient.Builder builder, KeycloakProperties properties,
            CircuitBreaker keycloakCircuitBreaker, Retry keycloakRetry) {
        ReactorClientHttpConnector connector = new ReactorClientHttpConnector(HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.callTimeout()));
        WebClient tokenClient = builder.clone().clientConnector(connector).build();
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .tokenUri(properties.tokenUrl())
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build();
        var registrations = new InMemoryReactiveClientRegistrationRepository(registration);
        var authorizedClients = new InMemoryReactiveOAuth2AuthorizedClientService(registrations);
        var tokenResponses = new WebClientReactiveClientCredentialsTokenResponseClient();
        tokenResponses.setWebClient(tokenClient);
        var manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(grant -> grant.accessTokenResponseClient(tokenResponses).clockSkew(Duration.ofSeconds(30)))
                .build());
        WebClient admin = builder.clone()
                .baseUrl(properties.adminUrl())
                .clientConnector(connector)
                .filter(bearer(manager, authorizedClients, properties.clientId()))
                .build();
        return new KeycloakAdminClient(admin, keycloakCircuitBreaker, keycloakRetry, properties);
    }

    /** Adds the service's own token; forgets it when Keycloak refuses it, so the next call fetches a fresh one. */
    private static ExchangeFilterFunction bearer(ReactiveOAuth2AuthorizedClientManager manager,
            InMemoryReactiveOAuth2AuthorizedClientService authorizedClients, String principal) {
        OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID)
                .principal(principal)
                .build();
        return (request, next) -> manager.authorize(authorize)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("Keycloak issued no token to " + principal)))
                .map(client -> ClientRequest.from(request)
                        .headers(headers -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
                        .build())
                .flatMap(next::exchange)
                .flatMap(response -> response.statusCode().value() == 401
                        ? authorizedClients.removeAuthorizedClient(REGISTRATION_ID, principal).thenReturn(response)
                        : Mono.just(response));
    }
}
