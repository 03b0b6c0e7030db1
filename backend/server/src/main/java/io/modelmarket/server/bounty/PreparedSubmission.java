package io.modelmarket.server.bounty;

import io.modelmarket.kit.TrainerKit;
import io.modelmarket.verify.ModelInspection;

/**
 * A checked submission ready for the trainer's wallet: first {@code approval} (the stake), then {@code commit}.
 * {@code modelInspection} is what the model declared; its own predictions matched the uploaded ones.
 */
public record PreparedSubmission(
        String modelCid, ModelInspection modelInspection, UnsignedTransaction approval, UnsignedTransaction commit, TrainerKit trainerKit) {}
