package io.modelmarket.server.registry;

/** No registered model has this id. */
public final class ModelNotFoundException extends Exception {
    public ModelNotFoundException(long id) {
        super("no model with id " + id);
    }
}
