package dev.trainboard.gateway;

import dev.trainboard.gateway.jobs.JobsClient;
import dev.trainboard.gateway.metrics.MetricsClient;
import dev.trainboard.gateway.models.TrainerClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A web-layer slice of the gateway: every controller, the problem handling, the body limit, strict JSON and
 * security, with the metrics-service and trainer clients replaced by mocks. For cases where the gateway must answer
 * without asking the metrics service, or where what it asks is the point.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest(
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
                pattern = "dev\\.trainboard\\.gateway\\.(system|security|jobs|sweeps|metrics|stream)\\..*"),
        excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
                pattern = "dev\\.trainboard\\.gateway\\.(system\\.MetricsServiceConfiguration|.*Client)"))
@MockitoBean(types = {JobsClient.class, MetricsClient.class, TrainerClient.class})
public @interface WebLayerTest {
}
