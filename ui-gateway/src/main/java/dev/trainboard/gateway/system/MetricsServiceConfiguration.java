package dev.trainboard.gateway.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** The one HTTP client of the gateway: the metrics service's internal API. */
@Configuration(proxyBeanMethods = false)
class MetricsServiceConfiguration {

    @Bean
    RestClient metricsServiceRestClient(RestClient.Builder builder, MetricsServiceProperties properties,
            JsonMapper mapper) {
        return builder.baseUrl(properties.url().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.internalToken())
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw UpstreamProblemException.of(response, mapper);
                })
                .build();
    }
}
