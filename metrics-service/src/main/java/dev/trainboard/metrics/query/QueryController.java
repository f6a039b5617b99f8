package dev.trainboard.metrics.query;

import dev.trainboard.events.GraphLogged;
import dev.trainboard.events.HParamsLogged;
import dev.trainboard.events.HistogramLogged;
import dev.trainboard.events.PrCurveLogged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.TextLogged;
import dev.trainboard.metrics.jobs.JobNotFoundException;
import dev.trainboard.metrics.jobs.JobRepository;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The metric queries of the internal API, which the gateway proxies. */
@RestController
@RequestMapping("/internal/jobs/{id}")
public class QueryController {

    private final JobRepository jobs;
    private final MetricReader metrics;

    public QueryController(JobRepository jobs, MetricReader metrics) {
        this.jobs = jobs;
        this.metrics = metrics;
    }

    /** Tags per kind of summary. */
    public record Tags(List<String> scalars, List<String> images, List<String> histograms, List<String> prCurves,
            List<String> texts) {
    }

    @GetMapping("/tags")
    public Tags tags(@PathVariable UUID id) {
        requireJob(id);
        // Scalar tags from their series table: through the scalars view this would read every point of the job.
        return new Tags(metrics.tags("scalar_series", id), metrics.tags("images", id), metrics.tags("histograms", id),
                metrics.tags("pr_curves", id), metrics.tags("texts", id));
    }

    @GetMapping("/scalars")
    public List<ScalarPoint> scalars(@PathVariable UUID id, @RequestParam String tag,
            @RequestParam(required = false) @Min(Downsampler.POINTS_PER_BUCKET) @Max(100_000) Integer maxPoints,
            @RequestParam(defaultValue = "-1") @Min(-1) long afterStep) {
        requireJob(id);
        List<ScalarPoint> series = metrics.scalars(id, tag, afterStep);
        return maxPoints == null ? series : Downsampler.downsample(series, maxPoints);
    }

    @GetMapping(value = "/scalars.csv", produces = "text/csv")
    public String scalarsCsv(@PathVariable UUID id, @RequestParam(required = false) String tag) {
        requireJob(id);
        StringBuilder csv = new StringBuilder("tag,step,wall_time,value\n");
        for (ScalarPoint point : metrics.allScalars(id, tag)) {
            csv.append(csvField(point.tag())).append(',').append(point.step()).append(',')
                    .append(point.wallTime()).append(',').append(point.value()).append('\n');
        }
        return csv.toString();
    }

    @GetMapping(value = "/images/{tag}/{step}", produces = MediaType.IMAGE_PNG_VALUE)
    public ResponseEntity<byte[]> image(@PathVariable UUID id, @PathVariable String tag, @PathVariable long step) {
        requireJob(id);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(metrics.png(id, tag, step).orElseThrow(() -> absent("image " + tag + " at step " + step)));
    }

    @GetMapping("/graph")
    public GraphLogged graph(@PathVariable UUID id) {
        requireJob(id);
        return metrics.latestGraph(id).orElseThrow(() -> absent("graph"));
    }

    @GetMapping("/histograms")
    public List<HistogramLogged> histograms(@PathVariable UUID id, @RequestParam(required = false) String tag) {
        requireJob(id);
        return metrics.histograms(id, tag);
    }

    @GetMapping("/pr-curves")
    public List<PrCurveLogged> prCurves(@PathVariable UUID id, @RequestParam(required = false) String tag) {
        requireJob(id);
        return metrics.prCurves(id, tag);
    }

    @GetMapping("/texts")
    public List<TextLogged> texts(@PathVariable UUID id) {
        requireJob(id);
        return metrics.texts(id);
    }

    @GetMapping("/hparams")
    public HParamsLogged hparams(@PathVariable UUID id) {
        requireJob(id);
        return metrics.latestHParams(id).orElseThrow(() -> absent("hparams"));
    }

    private void requireJob(UUID id) {
        if (!jobs.exists(id)) {
            throw new JobNotFoundException(id);
        }
    }

    private static ErrorResponseException absent(String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "The job has no " + what);
        problem.setTitle("Not logged");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
