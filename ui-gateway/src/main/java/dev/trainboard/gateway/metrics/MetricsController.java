package dev.trainboard.gateway.metrics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/** A job's logged metrics, as the metrics service stores them. */
@RestController
@RequestMapping("/api/jobs/{id}")
@Tag(name = "metrics")
class MetricsController {

    /** The metrics service's header naming the resolution a scalar read used, passed on as it is. */
    static final String RESOLUTION_HEADER = "TrainBoard-Resolution";

    private static final int COPY_BUFFER_BYTES = 1 << 16;

    private final MetricsClient metrics;

    MetricsController(MetricsClient metrics) {
        this.metrics = metrics;
    }

    @Operation(summary = "Tags per kind: scalars, images, histograms, prCurves, texts")
    @GetMapping("/tags")
    JsonNode tags(@PathVariable("id") UUID id) {
        return metrics.tags(id);
    }

    @Operation(summary = "One tag's scalar points [{tag, step, wallTime, value}], by step, downsampled",
            description = "Points with steps after afterStep and before beforeStep (both exclusive), at most maxPoints"
                    + " of them (1000 when absent): the range is cut into maxPoints / 4 buckets of equal steps and"
                    + " each keeps its first, last, lowest and highest point. The header " + RESOLUTION_HEADER
                    + " names the resolution read: steps per stored bucket, 1 for the points themselves. Every"
                    + " point comes from scalars.csv.")
    @GetMapping("/scalars")
    ResponseEntity<JsonNode> scalars(@PathVariable("id") UUID id,
            @RequestParam(name = "tag") @Size(min = 1, max = 256) String tag,
            @RequestParam(name = "maxPoints", required = false) @Min(4) @Max(100_000) Integer maxPoints,
            @RequestParam(name = "afterStep", required = false) @Min(0) Long afterStep,
            @RequestParam(name = "beforeStep", required = false) @Min(0) Long beforeStep) {
        ResponseEntity<JsonNode> upstream = metrics.scalarRange(id, tag, maxPoints, afterStep, beforeStep);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        String resolution = upstream.getHeaders().getFirst(RESOLUTION_HEADER);
        if (resolution != null) {
            answer.header(RESOLUTION_HEADER, resolution);
        }
        return answer.body(upstream.getBody());
    }

    @Operation(summary = "Every scalar point as CSV: tag,step,wall_time,value",
            description = "Streamed from the database through the metrics service as it is read.")
    @GetMapping("/scalars.csv")
    ResponseEntity<StreamingResponseBody> scalarsCsv(@PathVariable("id") UUID id,
            @RequestParam(name = "tag", required = false) @Size(min = 1, max = 256) String tag) {
        HttpResponse<InputStream> upstream = metrics.open(id, "/scalars.csv", byTag(tag));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                .ifPresent(type -> answer.contentType(MediaType.parseMediaType(type)));
        return answer.body(out -> {
            try (InputStream in = upstream.body()) {
                byte[] buffer = new byte[COPY_BUFFER_BYTES];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    // Pass on what has come whenever the metrics service pauses, not when the server's buffer fills.
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
            }
        });
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
