package org.rnnlab.api;

/**
 * What a forward call returns: the outputs, the final state, and (inside the backend) what backward needs.
 *
 * <p>A pass belongs to the cell that made it. Backends may reuse their workspace on the next forward call
 * of the same cell, so call {@link RecurrentCell#backward} before the next forward; a stale pass is rejected
 * with an error rather than giving wrong gradients. {@link #output()} and {@link #finalState()} are the
 * caller's own copies and stay valid.
 */
public interface ForwardPass {
    /** The hidden state at every step, [T, N, H] ([T, N, P] for a projected LSTM: {@link RecurrentCell#outputSize()}). */
    Tensor output();

    /** The state after the last step: pass it as the next call's initial state to carry state. */
    State finalState();

    /** T, the number of steps. */
    int steps();

    /** N, the batch size. */
    int batch();

    /** The mask the pass ran with, or {@code null} when every step was real. */
    Mask mask();
}
