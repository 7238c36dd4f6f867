package org.rnnlab.experiments.sweep;

import java.io.IOException;

/** A sweep file that cannot be used; the message names the file, line and key. */
public class InvalidSweepException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message where and what */
    public InvalidSweepException(String message) {
        super(message);
    }

    /** @param message where and what; @param cause the parser's error */
    public InvalidSweepException(String message, Throwable cause) {
        super(message, cause);
    }
}
