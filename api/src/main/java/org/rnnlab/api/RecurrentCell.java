package org.rnnlab.api;

/**
 * A recurrent cell unrolled over a batch of sequences, with backpropagation through time.
 *
 * <p>Shapes: input {@code [T, N, X]} (time-major), state tensor k {@code [N, stateSize(k)]}, output
 * {@code [T, N, outputSize()]}. Without a projection every width is H; an LSTM with a projection P
 * ({@link CellSpec#projectionSize()}) has h {@code [N, P]}, c {@code [N, H]} and output {@code [T, N, P]}: ask
 * {@link #stateSize(int)} and {@link #outputSize()} rather than assume H.
 * Call order: {@link #forward} → {@link #backward} (at most once per pass, before the next forward) →
 * update {@link #parameters()} → next forward. Gradients are returned, never accumulated inside the cell.
 * Obtain cells from {@link CellRegistry}; close them when done (GPU backends hold device memory).
 */
public interface RecurrentCell extends AutoCloseable {
    /** The spec this cell was built from. */
    CellSpec spec();

    /** The backend that runs it, e.g. {@code cpu}. */
    String backend();

    /** The live parameters, by PyTorch name. */
    Parameters parameters();

    /** Number of state tensors: 1 (h) or 2 (h, c) for the built-in kinds. */
    int stateCount();

    /**
     * Values per sample of state tensor {@code k}: h (k = 0) has the spec's {@link CellSpec#outputSize()} (P with a
     * projection, else H), every other tensor H.
     *
     * @throws IllegalArgumentException for k outside [0, {@link #stateCount()})
     */
    default int stateSize(int k) {
        if (k < 0 || k >= stateCount()) {
            throw new IllegalArgumentException("state tensor " + k + " does not exist: a " + spec().kind() + " cell has " + stateCount()
                    + " (indices 0 to " + (stateCount() - 1) + ")");
        }
        return k == 0 ? spec().outputSize() : spec().hiddenSize();
    }

    /** Features per step of the output, the width of h: P with a projection, else H. */
    default int outputSize() {
        return spec().outputSize();
    }

    /** Runs the cell over every step: {@link #forward(Tensor, State, Mask)} without a mask. */
    default ForwardPass forward(Tensor input, State initial) {
        return forward(input, initial, null);
    }

    /**
     * Runs the cell over every step, skipping masked steps: their state passes through unchanged, their output is 0,
     * and they add nothing to any gradient (their {@code gradOutput} is ignored).
     *
     * @param input   [T, N, X] in the cell's precision, finite. Not modified.
     * @param initial the state before step 0 (tensor k {@code [N, stateSize(k)]}), or {@code null} for zeros. Not modified.
     * @param mask    [T, N] real steps, or {@code null} when every step is real
     * @throws IllegalArgumentException for a wrong shape or precision, or a NaN/infinite value (the message names
     *                                  the index)
     */
    ForwardPass forward(Tensor input, State initial, Mask mask);

    /**
     * Back-propagates through time.
     *
     * @param pass     the latest forward pass of this cell
     * @param upstream ∂L/∂output and/or ∂L/∂(final state), and the truncation window
     */
    Gradients backward(ForwardPass pass, Upstream upstream);

    /**
     * Projects the parameters back into the cell's feasible set after they were changed from outside (an optimizer
     * step, a load): IndRNN bounds its recurrent weights. A no-op for cells without constraints, as the built-in ones.
     * Trainers call it after every step.
     */
    default void constrainParameters() {
    }

    /**
     * What this cell holds in a device's memory, for backends that keep their weights and passes off the JVM heap (the
     * cuda backend); empty for host backends, whose memory the JVM's own accounting sees. Memory probes read it after a
     * pass to size sequences in device bytes.
     */
    default java.util.Optional<DeviceMemory> deviceMemory() {
        return java.util.Optional.empty();
    }

    /** Releases native resources; a no-op for pure-Java cells. */
    @Override
    default void close() {
    }
}
