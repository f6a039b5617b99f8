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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The metric queries of the internal API, which the gateway proxies. */
@RestController
@RequestMapping("/internal/jobs/{id}")
public class QueryController {

    /** The response header naming the resolution a scalar read used: steps per rollup bucket, 1 for points. */
    public static final String RESOLUTION_HEADER = "TrainBoard-Resolution";

    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private final JobRepository jobs;
    private final MetricReader metrics;
    private final SeriesReader series;
    private final ScalarExport export;
    private final QueryProperties properties;

    public QueryController(JobRepository jobs, MetricReader metrics, SeriesReader series, ScalarExport export,
            QueryProperties properties) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.series = series;
        this.export = export;
        this.properties = properties;
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

    /**
     * One tag's points with steps after {@code afterStep} and before {@code beforeStep} (both exclusive),
     * downsampled to at most {@code maxPoints} (the configured default when absent); the header
     * {@value #RESOLUTION_HEADER} names the resolution used.
     */
    @GetMapping("/scalars")
    public ResponseEntity<List<ScalarPoint>> scalars(@PathVariable UUID id, @RequestParam String tag,
            @RequestParam(required = false) @Min(Downsampler.POINTS_PER_BUCKET) @Max(100_000) Integer maxPoints,
            @RequestParam(defaultValue = "-1") @Min(-1) long afterStep,
            @RequestParam(required = false) @Min(0) Long beforeStep) {
        requireJob(id);
        long to = beforeStep == null ? Long.MAX_VALUE : beforeStep - 1;
        SeriesReader.Downsampled read = series.read(id, tag, afterStep + 1, to,
                maxPoints == null ? properties.defaultMaxPoints() : maxPoints);
        return ResponseEntity.ok().header(RESOLUTION_HEADER, Long.toString(read.resolution())).body(read.points());
    }

    /** Every point of every tag (or of one tag), streamed from the database as it is read. */
    @GetMapping(value = "/scalars.csv", produces = "text/csv")
    public ResponseEntity<StreamingResponseBody> scalarsCsv(@PathVariable UUID id,
            @RequestParam(required = false) String tag) {
        requireJob(id);
        StreamingResponseBody csv = out -> export.csv(id, tag, out);
        return ResponseEntity.ok().contentType(TEXT_CSV).body(csv);
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
}
