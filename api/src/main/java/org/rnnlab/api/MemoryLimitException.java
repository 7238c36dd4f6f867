package org.rnnlab.api;

/**
 * A request that cannot fit: more values than a Java array holds, or more bytes than the heap can give. Thrown before
 * anything is allocated; the message says what needed how much, what there is, and what to do.
 */
public class MemoryLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what, how much, what there is, what to do */
    public MemoryLimitException(String message) {
        super(message);
    }
}
