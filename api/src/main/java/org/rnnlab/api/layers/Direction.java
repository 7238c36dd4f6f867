package org.rnnlab.api.layers;

/** Whether a recurrent layer reads the sequence forward only, or both ways (Schuster and Paliwal 1997). */
public enum Direction {
    /** Left to right. */
    FORWARD,
    /** Left to right and right to left, merged ({@link Merge}); PyTorch's {@code bidirectional=True}. */
    BIDIRECTIONAL
}
