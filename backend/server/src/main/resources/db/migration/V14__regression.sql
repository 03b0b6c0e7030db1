-- Regression bounties (metric MeanAbsoluteError). The bounty keeps the contract's maxError (0 for Accuracy), from which
-- the read model computes maxScore: maxError × testSize for MeanAbsoluteError, testSize for Accuracy.
ALTER TABLE bounty ADD COLUMN max_error BIGINT DEFAULT 0 NOT NULL;

-- A registered model answers a class (classification) or a number (regression). A regression model has no class names
-- ('[]'), its bounty's target decimals, and its verified mean absolute error in the target's unit instead of an accuracy.
ALTER TABLE registered_model ADD COLUMN task VARCHAR(32) DEFAULT 'classification' NOT NULL;
ALTER TABLE registered_model ADD COLUMN target_decimals INTEGER;
ALTER TABLE registered_model ADD COLUMN mean_absolute_error DOUBLE PRECISION;
