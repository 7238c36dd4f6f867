package org.rnnlab.api.checkpoint;

import java.io.IOException;

/** A checkpoint file that is not a valid safetensors file, or does not fit the model: the message says what and where. */
public class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public CorruptCheckpointException(String message) {
        super(message);
    }

    /** @param message what is wrong, naming the file; @param cause the parser's error */
    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
