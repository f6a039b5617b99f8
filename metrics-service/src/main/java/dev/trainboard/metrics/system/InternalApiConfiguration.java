package dev.trainboard.metrics.system;

import dev.trainboard.events.api.InternalApiTokenFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the shared token in front of every path: {@code /internal/**} (whoever adds an endpoint there gets it
 * protected) and the actuator, whose health check alone stays open and shows the status only.
 */
@Configuration(proxyBeanMethods = false)
class InternalApiConfiguration {

    @Bean
    FilterRegistrationBean<InternalApiTokenFilter> internalApiTokenFilter(InternalApiProperties properties) {
        FilterRegistrationBean<InternalApiTokenFilter> registration =
                new FilterRegistrationBean<>(new InternalApiTokenFilter(properties.token()));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
