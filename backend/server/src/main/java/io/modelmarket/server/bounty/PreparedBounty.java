package io.modelmarket.server.bounty;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.kit.RevealKit;

/**
 * A bounty ready to be created from the requester's wallet: first {@code approval}, then {@code create}.
 * {@code revealKit} must be saved by the requester.
 */
public record PreparedBounty(
        String bountyId,
        String trainingCid,
        String testInputsCid,
        String metadataCid,
        BountyMetadata metadata,
        UnsignedTransaction approval,
        UnsignedTransaction create,
        RevealKit revealKit) {}
