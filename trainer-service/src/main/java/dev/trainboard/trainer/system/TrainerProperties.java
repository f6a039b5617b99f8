package dev.trainboard.trainer.system;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The trainer's settings ({@code trainboard.trainer.*}).
 *
 * @param dataDir holds {@code mnist/} and optionally {@code fashion-mnist/} with IDX files
 * @param fashionMnistSystemDir where Debian's dataset-fashion-mnist package puts its files
 * @param slots jobs this instance trains at once
 * @param progressInterval how often a running job reports its progress
 * @param intraOpThreads PyTorch threads per operator on CPU
 * @param bypassMklVendorCheck let libtorch's MKL pick its fast kernels on non-Intel processors too (AVX-512
 *     on AMD EPYC); MKL still checks the instruction sets, so false only matters for comparisons
 * @param host the name this trainer reports on RUNNING; the machine's host name when empty
 * @param instanceId names this trainer's own consumer group of the control topic, stable across restarts; host
 *     and server port when empty
 */
@Validated
@ConfigurationProperties("trainboard.trainer")
public record TrainerProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistSystemDir,
        @Min(1) @DefaultValue("1") int slots,
        @NotNull @DefaultValue("2s") Duration progressInterval,
        @Min(1) @DefaultValue("1") int intraOpThreads,
        @DefaultValue("true") boolean bypassMklVendorCheck,
        String host,
        String instanceId) {
}
