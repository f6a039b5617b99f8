package dev.trainboard.gateway.system;

import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
                    throw toException(response, mapper);
                })
                .build();
    }

    private static UpstreamProblemException toException(ClientHttpResponse response, JsonMapper mapper)
            throws IOException {
        HttpStatusCode status = response.getStatusCode();
        String title = status.toString();
        String detail = "The metrics service answered " + status.value();
        byte[] body = response.getBody().readAllBytes();
        try {
            JsonNode problem = mapper.readTree(body);
            title = problem.path("title").asString(title);
            detail = problem.path("detail").asString(detail);
        } catch (JacksonException notAProblemBody) {
            // The status alone still says what happened; an unparsable body changes nothing for the client.
        }
        return new UpstreamProblemException(status, title, detail);
    }
}
