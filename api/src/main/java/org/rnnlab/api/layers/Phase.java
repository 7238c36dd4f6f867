package org.rnnlab.api.layers;

/** Training or inference: dropout is active only while training (PyTorch's {@code train()} / {@code eval()}). */
public enum Phase {
    /** Dropout masks are drawn on every forward call. */
    TRAINING,
    /** No dropout: deterministic outputs. */
    INFERENCE
}
