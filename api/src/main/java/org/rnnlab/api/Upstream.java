package org.rnnlab.api;

/**
 * Gradients flowing into a backward pass, and how far back it goes.
 *
 * @param gradOutput  ∂L/∂output, [T, N, outputSize] (H, or P for a projected LSTM); {@code null} means zeros (only the final state matters)
 * @param gradFinal   ∂L/∂(final state), one tensor per state tensor, [N, stateSize(k)]; {@code null} means zeros
 * @param window      truncated BPTT: back-propagate through only the last {@code window} steps, treating the
 *                    state entering them as a constant (Williams and Peng 1990's k2); 0 means all steps
 */
public record Upstream(Tensor gradOutput, State gradFinal, int window) {

    /** Validates the window. */
    public Upstream {
        if (window < 0) {
            throw new IllegalArgumentException("truncation window must be >= 0 (0 = full BPTT), got " + window);
        }
        if (gradOutput == null && gradFinal == null) {
            throw new IllegalArgumentException("upstream needs gradOutput, gradFinal or both");
        }
    }

    /** ∂L/∂output only, full BPTT. */
    public static Upstream ofOutput(Tensor gradOutput) {
        return new Upstream(gradOutput, null, 0);
    }

    /** ∂L/∂output and ∂L/∂(final state), full BPTT. */
    public static Upstream of(Tensor gradOutput, State gradFinal) {
        return new Upstream(gradOutput, gradFinal, 0);
    }

    /** ∂L/∂(final state) only (many-to-one), full BPTT. */
    public static Upstream ofFinalState(State gradFinal) {
        return new Upstream(null, gradFinal, 0);
    }

    /** The same gradients, back-propagated through only the last {@code steps} steps. */
    public Upstream truncatedTo(int steps) {
        return new Upstream(gradOutput, gradFinal, steps);
    }
}
