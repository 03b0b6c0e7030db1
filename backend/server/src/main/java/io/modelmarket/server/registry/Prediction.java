package io.modelmarket.server.registry;

/** One row's prediction: the class index and its name. */
public record Prediction(int classIndex, String className) {}
