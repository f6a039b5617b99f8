package dev.trainboard.trainer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Takes MNIST jobs from Kafka, trains them with DJL on PyTorch and publishes what happens as events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrainerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrainerApplication.class, args);
    }
}
