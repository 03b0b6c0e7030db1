package io.modelmarket.server.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row's prediction: a classification model's class index and its name (absent when the index names no class), or a
 * regression model's value, the decimal number its fixed-point prediction stands for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(Integer classIndex, String className, Double value) {

    public Prediction(int classIndex, String className) {
        this(classIndex, className, null);
    }

    /** A regression model's prediction. */
    public static Prediction ofValue(double value) {
        return new Prediction(null, null, value);
    }
}
