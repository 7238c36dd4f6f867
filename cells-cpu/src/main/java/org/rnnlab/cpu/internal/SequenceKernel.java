package org.rnnlab.cpu.internal;

import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

/**
 * A whole-sequence forward and backward for one cell kind and precision. Arguments arrive validated (by
 * {@link org.rnnlab.api.spi.AbstractRecurrentCell}). The kernel keeps the tape of its latest forward call in a
 * workspace sized per (batch, steps) and reused; {@link #backward} uses that tape.
 */
public interface SequenceKernel {
    /** Output [T, N, H or P] and the final state, as fresh tensors the caller owns. */
    record Result(Tensor output, State finalState) {
    }

    /**
     * @param params  the cell's parameters in PyTorch layout order (weight_ih, weight_hh[, bias_ih, bias_hh][, weight_hr])
     * @param input   [T, N, X]
     * @param initial the state before step 0
     * @param mask    null when every step is real; otherwise masked (t, n) carry their state unchanged
     */
    Result forward(Parameters params, Tensor input, State initial, Mask mask);

    /**
     * Back-propagates through the last {@code window} steps of the latest forward call; masked steps pass the state
     * gradient through unchanged and contribute nothing else.
     *
     * @param gradOutput ∂L/∂output [T, N, H or P]
     * @param gradFinal  ∂L/∂(final state)
     * @param window     in [1, T]
     */
    Gradients backward(Parameters params, Tensor gradOutput, State gradFinal, int window);
}
