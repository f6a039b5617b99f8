package dev.trainboard.gateway.security;

import dev.trainboard.gateway.system.ProblemResponses;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what: reads (and predictions) need the reader role, writes the submitter role; the page, health and the API
 * description are open. Tokens are opaque bearer tokens checked by {@link ApiTokenIntrospector}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    ApiTokenIntrospector apiTokenIntrospector(ApiTokenProperties properties) {
        return new ApiTokenIntrospector(properties);
    }

    @Bean
    ProblemAuthenticationHandlers problemAuthenticationHandlers(ProblemResponses problems) {
        return new ProblemAuthenticationHandlers(problems);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenIntrospector introspector,
            ProblemAuthenticationHandlers handlers) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // The stream's async dispatches and error pages belong to a request already authorised.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/*.js", "/*.css", "/*.ico", "/*.svg",
                                "/*.png", "/js/**", "/css/**", "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/v3/api-docs",
                                "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAuthority(ApiTokenIntrospector.READER)
                        // Asking a model changes nothing: a read, though it is a POST.
                        .requestMatchers(HttpMethod.POST, "/api/jobs/*/predict")
                        .hasAuthority(ApiTokenIntrospector.READER)
                        .requestMatchers(HttpMethod.POST, "/api/**").hasAuthority(ApiTokenIntrospector.SUBMITTER)
                        .requestMatchers(HttpMethod.DELETE, "/api/**").hasAuthority(ApiTokenIntrospector.SUBMITTER)
                        .anyRequest().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .opaqueToken(opaque -> opaque.introspector(introspector))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .build();
    }
}
