package dev.trainboard.trainer.system;

import dev.trainboard.events.api.InternalApiTokenFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the platform's shared token in front of every path of the trainer: the internal model API (download,
 * predict) and the actuator, whose health check alone stays open.
 */
@Configuration(proxyBeanMethods = false)
class InternalApiConfiguration {

    @Bean
    FilterRegistrationBean<InternalApiTokenFilter> internalApiTokenFilter(MetricsServiceProperties properties) {
        FilterRegistrationBean<InternalApiTokenFilter> registration =
                new FilterRegistrationBean<>(new InternalApiTokenFilter(properties.internalToken()));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
