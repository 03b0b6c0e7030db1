-- Each registered model's features in CSV order: the name and type its bounty's metadata gives them, float32 (numeric,
-- NaN where missing) or string (categorical, '' where missing); docs/models.md, "Inputs". A model registered before has
-- feature_count numeric features named f0, f1, ... (the names its predictions' inputs had).
CREATE TABLE registered_model_feature (
    model_id BIGINT         NOT NULL REFERENCES registered_model (id),
    ordinal  INTEGER        NOT NULL, -- from 0, CSV order
    name     VARCHAR(65536) NOT NULL, -- a CSV header cell: at most CsvReader.MAX_CELL_CHARS characters
    type     VARCHAR(16)    NOT NULL, -- float32 or string
    PRIMARY KEY (model_id, ordinal)
);

INSERT INTO registered_model_feature (model_id, ordinal, name, type)
WITH RECURSIVE ordinals (n) AS (
    SELECT 0
    UNION ALL
    SELECT n + 1 FROM ordinals WHERE n + 1 < (SELECT MAX(feature_count) FROM registered_model)
)
SELECT m.id, o.n, 'f' || CAST(o.n AS VARCHAR(10)), 'float32'
FROM registered_model m JOIN ordinals o ON o.n < m.feature_count;
