package org.rnnlab.experiments.data;

import java.io.IOException;

/** A data file that cannot be used: the message names the file, the place (byte, line, column) and why. */
public class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message the file, the place, why */
    public DataFileException(String message) {
        super(message);
    }

    /** @param message the file, the place, why; @param cause the reader's error */
    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
