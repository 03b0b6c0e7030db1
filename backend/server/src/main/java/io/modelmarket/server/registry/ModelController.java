package io.modelmarket.server.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.modelmarket.dataset.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

    /**
     * Rows to predict, each a cell for each of the model's features: a number or a string ({@link ModelRegistry#predictRows}),
     * {@code null} for a missing value.
     */
    record PredictRequest(@JsonDeserialize(contentUsing = RowReader.class) List<List<String>> rows) {}

    /**
     * Reads a row of cells as their text: a JSON number as it is written (its exact decimal, as a CSV cell would hold it,
     * not a double rounded again to float32), a string as it is, {@code null} as a missing value.
     */
    static final class RowReader extends StdDeserializer<List<String>> {
        RowReader() {
            super(List.class);
        }

        @Override
        public List<String> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                return context.reportInputMismatch(this, "a row is an array of cells");
            }
            List<String> cells = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                switch (token) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> cells.add(parser.getText());
                    case VALUE_NULL -> cells.add(null);
                    default -> context.reportInputMismatch(this, "a cell is a number, a string or null");
                }
            }
            return cells;
        }
    }

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
            throw new DatasetException("the request needs 'rows': an array of rows of cells (numbers, strings or null)");
        }
        return new PredictResponse(id, registry.predictRows(id, request.rows()));
    }

    @PostMapping(path = "/{id}/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PredictResponse predictCsv(@PathVariable long id, @RequestPart("file") MultipartFile csv) throws ModelNotFoundException, IOException {
        try (InputStream in = csv.getInputStream()) {
            return new PredictResponse(id, registry.predictCsv(id, in, csv.getOriginalFilename() == null ? "upload.csv" : csv.getOriginalFilename()));
        }
    }
}
