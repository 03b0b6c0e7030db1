package io.modelmarket.dataset;

import java.io.IOException;

/** A dataset that cannot be used as it is; the message names the file, line and column, and what was expected. */
public final class DatasetException extends IOException {
    public DatasetException(String message) {
        super(message);
    }

    public static DatasetException at(String source, long line, String message) {
        return new DatasetException(source + ":" + line + ": " + message);
    }
}
