package dev.trainboard.gateway.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description's header and its bearer-token scheme, so Swagger UI can send a token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";

    @Bean
    OpenAPI trainBoardOpenApi() {
        return new OpenAPI()
                .info(new Info().title("TrainBoard API").version("v1")
                        .description("Submit, list, inspect and cancel MNIST training jobs and read their metrics."))
                .components(new Components().addSecuritySchemes(BEARER,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme(BEARER)))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
