package dev.trainboard.gateway.system;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Swaps Tomcat's HTML error report for {@link ProblemErrorReportValve}. */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        // Boot puts its own error report valve on the host while configuring the context, so the swap waits for
        // the context to start, when that valve is in place.
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.START_EVENT.equals(event.getType())) {
                replaceErrorReports(context.getParent().getPipeline());
            }
        }));
    }

    private static void replaceErrorReports(Pipeline host) {
        for (Valve valve : host.getValves()) {
            if (valve.getClass() == ErrorReportValve.class) {
                host.removeValve(valve);
            }
        }
        for (Valve valve : host.getValves()) {
            if (valve instanceof ProblemErrorReportValve) {
                return;
            }
        }
        host.addValve(new ProblemErrorReportValve());
    }
}
