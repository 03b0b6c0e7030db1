package io.modelmarket.server.bounty;

import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.kit.TrainerKit;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The trainer flow over HTTP; the work is in {@link TrainerService}. */
@RestController
@RequestMapping("/api/trainer")
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class TrainerController {
    private final TrainerService trainer;

    TrainerController(TrainerService trainer) {
        this.trainer = trainer;
    }

    /**
     * Predictions (CSV or JSON) and the ONNX model in; the checks passed, the wallet's transactions and the
     * trainer kit out. The uploads go to disk (never read whole into memory here).
     */
    @PostMapping(path = "/bounties/{bountyId}/submissions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PreparedSubmission prepare(@PathVariable String bountyId, @RequestParam String trainer, @RequestPart("predictions") MultipartFile predictions,
            @RequestPart("model") MultipartFile model) throws Exception {
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-submission-")) {
            String name = predictions.getOriginalFilename();
            Path predictionsFile = work.resolve(name != null && name.endsWith(".json") ? "predictions.json" : "predictions.csv");
            Path modelFile = work.resolve("model.onnx");
            predictions.transferTo(predictionsFile);
            model.transferTo(modelFile);
            return this.trainer.prepare(bountyId, trainer, predictionsFile, modelFile);
        }
    }

    @PostMapping(path = "/claim-transaction", consumes = MediaType.APPLICATION_JSON_VALUE)
    UnsignedTransaction claim(@RequestBody TrainerKit kit) throws Exception {
        return trainer.claimTransaction(kit);
    }

    @PostMapping(path = "/reveal-transaction", consumes = MediaType.APPLICATION_JSON_VALUE)
    UnsignedTransaction reveal(@RequestBody TrainerKit kit) throws Exception {
        return trainer.revealTransaction(kit);
    }
}
