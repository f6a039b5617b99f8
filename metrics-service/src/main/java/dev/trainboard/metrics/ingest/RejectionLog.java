package dev.trainboard.metrics.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reports rejected records: one log line each (no stack trace), the counter {@code trainboard.events.rejected}
 * by reason, and at most once per {@code trainboard.ingest.reject-summary-interval} a summary of the rejects since
 * the last one.
 */
@Component
class RejectionLog {

    private static final Logger log = LoggerFactory.getLogger(RejectionLog.class);

    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> sinceSummary = new EnumMap<>(RejectReason.class);
    private final Duration interval;

    RejectionLog(MeterRegistry registry, IngestProperties properties) {
        for (RejectReason reason : RejectReason.values()) {
            counters.put(reason, Counter.builder("trainboard.events.rejected")
                    .description("Records of trainboard.events refused by admission, by reason")
                    .tag("reason", reason.label())
                    .register(registry));
        }
        this.interval = properties.rejectSummaryInterval();
    }

    void rejected(Judgement.Rejected reject) {
        var record = reject.record();
        log.warn("Rejected {}-{}@{} (key {}): {}: {}", record.topic(), record.partition(), record.offset(),
                abbreviate(record.key()), reject.reason().label(), reject.message());
        counters.get(reject.reason()).increment();
        synchronized (sinceSummary) {
            sinceSummary.merge(reject.reason(), 1L, Long::sum);
        }
    }

    @Scheduled(fixedDelayString = "${trainboard.ingest.reject-summary-interval:10s}")
    void summarize() {
        Map<RejectReason, Long> counts;
        synchronized (sinceSummary) {
            if (sinceSummary.isEmpty()) {
                return;
            }
            counts = new EnumMap<>(sinceSummary);
            sinceSummary.clear();
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        log.warn("Rejected {} records of trainboard.events in the last {} s: {}", total, interval.toSeconds(),
                counts.entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
    }

    private static String abbreviate(String key) {
        if (key == null) {
            return "null";
        }
        String shown = key.length() <= 64 ? key : key.substring(0, 64) + "...";
        return TagNames.printable(shown);
    }
}
