package dev.trainboard.trainer.system;

import ai.djl.engine.Engine;
import dev.trainboard.trainer.data.DatasetLoader;
import dev.trainboard.trainer.training.MnistTraining;
import dev.trainboard.trainer.training.PyTorchEngine;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The PyTorch engine, the data sets and the threads that train. */
@Configuration(proxyBeanMethods = false)
class TrainingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrainingConfiguration.class);

    @Bean
    Engine pyTorchEngine(TrainerProperties properties) {
        Engine engine = PyTorchEngine.start(properties.intraOpThreads(), properties.bypassMklVendorCheck());
        log.info("PyTorch {} ready: {} GPU(s) visible, {} intra-op thread(s) on CPU, MKL vendor check {}, data in {}",
                engine.getVersion(), engine.getGpuCount(), properties.intraOpThreads(),
                properties.bypassMklVendorCheck() ? "bypassed" : "kept",
                properties.dataDir().toAbsolutePath().normalize());
        return engine;
    }

    /** Takes the engine so that nothing trains before the engine has started with this service's settings. */
    @Bean
    MnistTraining mnistTraining(Engine pyTorchEngine) {
        return new MnistTraining();
    }

    @Bean
    DatasetLoader datasetLoader(TrainerProperties properties) {
        return new DatasetLoader(properties.dataDir(), properties.fashionMnistSystemDir());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService trainingThreads(TrainerProperties properties) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.slots(), task -> {
            Thread thread = new Thread(task, "training-slot-" + number.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        });
    }
}
