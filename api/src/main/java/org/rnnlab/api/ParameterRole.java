package org.rnnlab.api;

/** What a parameter does in a cell; initializers and clipping policies group parameters by it. */
public enum ParameterRole {
    /** {@code weight_ih}: [G·H, X], applied to the input. */
    INPUT_WEIGHT,
    /**
     * {@code weight_hh}: [G·H, H], applied to the previous hidden state; and an LSTM's projection {@code weight_hr}
     * [P, H], which makes that state.
     */
    RECURRENT_WEIGHT,
    /** {@code bias_ih}, {@code bias_hh}: [G·H]. */
    BIAS,
    /** Anything else: a plugin cell's own tensors (peephole weights, say; initialised U(−1/√H, 1/√H)), head weights. */
    OTHER
}
