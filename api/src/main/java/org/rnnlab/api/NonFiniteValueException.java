package org.rnnlab.api;

/**
 * An input, state or upstream gradient holds NaN or ±∞. A subtype of {@link IllegalArgumentException}, so callers
 * that treat it as bad input need nothing special, while a trainer can tell a diverging run from a wrong argument.
 */
public class NonFiniteValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message names the tensor and the index */
    public NonFiniteValueException(String message) {
        super(message);
    }
}
