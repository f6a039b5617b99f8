package dev.trainboard.gateway.metrics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A job's logged metrics, as the metrics service stores them. */
@RestController
@RequestMapping("/api/jobs/{id}")
@Tag(name = "metrics")
class MetricsController {

    private final MetricsClient metrics;

    MetricsController(MetricsClient metrics) {
        this.metrics = metrics;
    }

    @Operation(summary = "Tags per kind: scalars, images, histograms, prCurves, texts")
    @GetMapping("/tags")
    JsonNode tags(@PathVariable("id") UUID id) {
        return metrics.tags(id);
    }

    @Operation(summary = "One tag's scalar points [{tag, step, wallTime, value}], by step",
            description = "maxPoints downsamples the series; afterStep returns only points after that step.")
    @GetMapping("/scalars")
    JsonNode scalars(@PathVariable("id") UUID id,
            @RequestParam(name = "tag") @Size(min = 1, max = 256) String tag,
            @RequestParam(name = "maxPoints", required = false) @Min(4) @Max(100_000) Integer maxPoints,
            @RequestParam(name = "afterStep", required = false) @Min(0) Long afterStep) {
        return metrics.scalars(id, tag, maxPoints, afterStep);
    }

    @Operation(summary = "Scalar points as CSV: tag,step,wall_time,value")
    @GetMapping("/scalars.csv")
    ResponseEntity<byte[]> scalarsCsv(@PathVariable("id") UUID id,
            @RequestParam(name = "tag", required = false) @Size(min = 1, max = 256) String tag) {
        return passThrough(metrics.bytes(id, "/scalars.csv", Map.of(), byTag(tag)));
    }

    @Operation(summary = "One logged image as PNG")
    @GetMapping("/images/{tag}/{step}")
    ResponseEntity<byte[]> image(@PathVariable("id") UUID id,
            @PathVariable("tag") @Size(min = 1, max = 256) String tag,
            @PathVariable("step") @Min(0) long step) {
        return passThrough(metrics.bytes(id, "/images/{tag}/{step}", Map.of("tag", tag, "step", step), Map.of()));
    }

    @Operation(summary = "The model graph: {nodes: [...]}")
    @GetMapping("/graph")
    JsonNode graph(@PathVariable("id") UUID id) {
        return metrics.json(id, "/graph", Map.of(), Map.of());
    }

    @Operation(summary = "Histograms, optionally of one tag")
    @GetMapping("/histograms")
    JsonNode histograms(@PathVariable("id") UUID id,
            @RequestParam(name = "tag", required = false) @Size(min = 1, max = 256) String tag) {
        return metrics.json(id, "/histograms", Map.of(), byTag(tag));
    }

    @Operation(summary = "Precision-recall curves, optionally of one tag")
    @GetMapping("/pr-curves")
    JsonNode prCurves(@PathVariable("id") UUID id,
            @RequestParam(name = "tag", required = false) @Size(min = 1, max = 256) String tag) {
        return metrics.json(id, "/pr-curves", Map.of(), byTag(tag));
    }

    @Operation(summary = "Logged texts")
    @GetMapping("/texts")
    JsonNode texts(@PathVariable("id") UUID id) {
        return metrics.json(id, "/texts", Map.of(), Map.of());
    }

    @Operation(summary = "Hyperparameters and the metrics they led to")
    @GetMapping("/hparams")
    JsonNode hparams(@PathVariable("id") UUID id) {
        return metrics.json(id, "/hparams", Map.of(), Map.of());
    }

    @Operation(summary = "The job's checkpoints by step, then its final model",
            description = "Each entry: {step, epoch, path (relative to the artifact store), finalModel, sizeBytes, "
                    + "attempt, savedAt}. A checkpoint is saved at each epoch's end, or every checkpointEverySteps "
                    + "steps; a trainer that restarts a job continues from the newest one.")
    @GetMapping("/checkpoints")
    JsonNode checkpoints(@PathVariable("id") UUID id) {
        return metrics.json(id, "/checkpoints", Map.of(), Map.of());
    }

    private static Map<String, String> byTag(String tag) {
        return tag == null ? Map.of() : Map.of("tag", tag);
    }

    private static ResponseEntity<byte[]> passThrough(ResponseEntity<byte[]> upstream) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (upstream.getHeaders().getContentType() != null) {
            answer.contentType(upstream.getHeaders().getContentType());
        }
        return answer.body(upstream.getBody());
    }
}
