package dev.trainboard.gateway.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A finished job's trained model: the download, and predictions with it. Both are served by a trainer. */
@RestController
@RequestMapping("/api/jobs/{id}")
@Tag(name = "models")
class ModelController {

    private static final String ZIP = "application/zip";

    private final TrainerClient trainer;

    ModelController(TrainerClient trainer) {
        this.trainer = trainer;
    }

    @Operation(summary = "The trained model, as a zip",
            description = "A zip of two files: `mnist-0000.params`, the network's parameters as DJL's "
                    + "`Model.save(dir, \"mnist\")` writes them, and `model.json`: {architecture: {input: 784, hidden, "
                    + "output: 10, activation: \"relu\"}, spec: the job's spec, testAccuracy, step, createdAt}. One "
                    + "file keeps the parameters with the hidden width needed to build the block they fit, and "
                    + "unzipped it is the directory `Model.load(dir, \"mnist\")` reads; the README shows the Java. "
                    + "404 when the job has no model: it has not SUCCEEDED, or it was deleted.",
            responses = {
                @ApiResponse(responseCode = "200", content = @Content(mediaType = ZIP,
                        schema = @Schema(type = "string", format = "binary"))),
                @ApiResponse(responseCode = "404", description = "no such job, or the job has no model")})
    @GetMapping(path = "/model", produces = ZIP)
    ResponseEntity<byte[]> model(@PathVariable("id") UUID id) {
        ResponseEntity<byte[]> upstream = trainer.model(id);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.parseMediaType(ZIP));
        String disposition = upstream.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
        if (disposition != null) {
            answer.header(HttpHeaders.CONTENT_DISPOSITION, disposition);
        }
        return answer.body(upstream.getBody());
    }

    @Operation(summary = "Class probabilities for digits, on the CPU",
            description = "Either one image as `image/png`: 28x28, grey (any bit depth, a palette, or RGB whose "
                    + "every pixel is grey; transparency is laid over black), white ink on black as in MNIST. Or a "
                    + "batch as `application/json`: {\"images\": [[784 grey values 0..1, row-major], ...]}, at most "
                    + "64 images. Each image is prepared as training prepares one (grey / 255). The answer lists, "
                    + "per image in order, the most probable digit and the ten probabilities, digit 0 first: "
                    + "{\"predictions\": [{\"digit\": 7, \"probabilities\": [...]}]}. 400 names what is wrong with an "
                    + "image (size, value, not a PNG, colour), 404 when the job has no model, 415 for other types. "
                    + "Needs the reader token.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(
                        value = "{\"images\": [[0.0, 0.0, 0.5, \"... 784 values ...\"]]}"))}))
    @PostMapping(path = "/predict", consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode predict(@PathVariable("id") UUID id, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @RequestBody byte[] body) {
        return trainer.predict(id, contentType, body);
    }
}
