package dev.trainboard.trainer.models;

import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The internal model API the gateway calls: a finished job's model as a download, and its predictions. It lives
 * in the trainer because the trainer has the PyTorch engine and the network's code, and reads the same shared
 * artifact store it writes to.
 */
@RestController
@RequestMapping("/internal/jobs/{id}")
class ModelController {

    static final String ZIP = "application/zip";

    private final ModelArtifacts artifacts;
    private final LoadedModels models;
    private final ModelServingProperties properties;

    ModelController(ModelArtifacts artifacts, LoadedModels models, ModelServingProperties properties) {
        this.artifacts = artifacts;
        this.models = models;
        this.properties = properties;
    }

    @GetMapping(path = "/model", produces = ZIP)
    ResponseEntity<byte[]> download(@PathVariable UUID id) {
        byte[] zip = ModelArchive.zip(artifacts.completeModel(id).orElseThrow(() -> new ModelNotFoundException(id)));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ZIP))
                .header("Content-Disposition",
                        ContentDisposition.attachment().filename("model-" + id + ".zip").build().toString())
                .body(zip);
    }

    @PostMapping(path = "/predict", consumes = MediaType.IMAGE_PNG_VALUE)
    Predictions predictPng(@PathVariable UUID id, @RequestBody byte[] png) {
        return Predictions.of(models.classify(id, List.of(DigitImages.fromPng(png))));
    }

    @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    Predictions predictBatch(@PathVariable UUID id, @RequestBody JsonNode body) {
        return Predictions.of(models.classify(id, DigitImages.fromJson(body, properties.maxImages())));
    }
}
