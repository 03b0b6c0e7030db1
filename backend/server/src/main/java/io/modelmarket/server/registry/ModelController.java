package io.modelmarket.server.registry;

import io.modelmarket.dataset.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The model registry over HTTP: browse, download and run models. The logic is in {@link ModelRegistry}. */
@RestController
@RequestMapping("/api/models")
class ModelController {
    private final ModelRegistry registry;

    ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Rows to predict, each with the model's feature count of numbers. */
    record PredictRequest(List<float[]> rows) {}

    record PredictResponse(long modelId, List<Prediction> predictions) {}

    @GetMapping
    List<RegisteredModel> list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String author,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) throws IOException {
        return registry.search(q, author, limit, offset);
    }

    @GetMapping("/{id}")
    RegisteredModel get(@PathVariable long id) throws ModelNotFoundException, IOException {
        return registry.get(id);
    }

    @GetMapping("/{id}/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable long id) throws ModelNotFoundException, IOException {
        RegisteredModel model = registry.get(id);
        InputStream content = registry.download(id);
        StreamingResponseBody body = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", ContentDisposition.attachment().filename("model-" + model.id() + ".onnx").build().toString())
                .body(body);
    }

    @PostMapping(path = "/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    PredictResponse predict(@PathVariable long id, @RequestBody PredictRequest request) throws ModelNotFoundException, IOException {
        if (request.rows() == null) {
            throw new DatasetException("the request needs 'rows': an array of rows of numbers");
        }
        return new PredictResponse(id, registry.predict(id, request.rows()));
    }

    @PostMapping(path = "/{id}/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PredictResponse predictCsv(@PathVariable long id, @RequestPart("file") MultipartFile csv) throws ModelNotFoundException, IOException {
        try (InputStream in = csv.getInputStream()) {
            return new PredictResponse(id, registry.predictCsv(id, in, csv.getOriginalFilename() == null ? "upload.csv" : csv.getOriginalFilename()));
        }
    }
}
