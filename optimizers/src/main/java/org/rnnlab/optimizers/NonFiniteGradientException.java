package org.rnnlab.optimizers;

/** A gradient held NaN or ±∞ under {@link NonFinitePolicy#FAIL}. */
public class NonFiniteGradientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the parameter, the element and the step */
    public NonFiniteGradientException(String message) {
        super(message);
    }
}
