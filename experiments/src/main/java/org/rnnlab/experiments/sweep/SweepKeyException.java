package org.rnnlab.experiments.sweep;

/**
 * A value of a sweep file that is not allowed, with the key that holds it ({@code budget.steps}, {@code lengths[2]}),
 * relative to the object that was being built. {@link SweepFiles} turns it into a message with the file and the key's
 * own line.
 */
public class SweepKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     the key, relative to the object being validated
     * @param message what is wrong and what is allowed
     */
    public SweepKeyException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key, relative to the object being validated. */
    public String key() {
        return key;
    }
}
