package dev.trainboard.metrics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Stores training events in PostgreSQL, writes them as TensorBoard event files and answers queries. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MetricsServiceApplication.class, args);
    }
}
