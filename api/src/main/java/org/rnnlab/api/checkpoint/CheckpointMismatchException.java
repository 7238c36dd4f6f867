package org.rnnlab.api.checkpoint;

import java.io.IOException;

/** A valid checkpoint whose tensors do not fit the model (missing, unexpected or mis-shaped names, non-finite values). */
public class CheckpointMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what does not fit, listing the names */
    public CheckpointMismatchException(String message) {
        super(message);
    }
}
