package org.rnnlab.api;

/**
 * No provider can serve a request: the chosen backend is unknown or unavailable, or nothing offers the kind and
 * precision. The message lists every provider probed and why it was or was not usable.
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the full explanation, provider by provider */
    public BackendUnavailableException(String message) {
        super(message);
    }
}
