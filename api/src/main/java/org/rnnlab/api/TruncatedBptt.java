package org.rnnlab.api;

/**
 * Truncated backpropagation through time over a long sequence, BPTT(k1, k2) of Williams and Peng (1990): the
 * sequence is run in chunks of {@code k1} steps with the state carried from chunk to chunk; after each chunk the
 * gradient flows back through its last {@code k2 ≤ k1} steps only, and the caller applies it (an optimizer step)
 * before the next chunk runs. With k2 = k1 this is the usual "detach the state every k1 steps".
 *
 * <p>Input {@code [T, N, X]}; T need not be a multiple of k1 (the last chunk is shorter, and its window is
 * min(k2, its length)).
 */
public final class TruncatedBptt {
    private final int k1;
    private final int k2;

    /** What the caller does with each chunk. */
    public interface Chunk {
        /**
         * The loss gradients for a chunk's outputs.
         *
         * @param start the chunk's first step in the whole sequence
         * @param pass  the chunk's forward pass ([k1, N, H] outputs, or fewer steps for the last chunk)
         */
        Upstream upstream(int start, ForwardPass pass);

        /** Receives the chunk's gradients; typically applies an optimizer step to the cell's parameters. */
        void apply(int start, Gradients gradients);
    }

    /**
     * @param k1 steps run forward between updates, ≥ 1
     * @param k2 steps back-propagated at each update, in [1, k1]
     */
    public TruncatedBptt(int k1, int k2) {
        if (k1 < 1) {
            throw new IllegalArgumentException("k1 (steps between updates) must be >= 1, got " + k1);
        }
        if (k2 < 1 || k2 > k1) {
            throw new IllegalArgumentException("k2 (steps back-propagated) must be in [1, k1 = " + k1 + "], got " + k2
                    + "; for k2 > k1 run longer chunks (a larger k1)");
        }
        this.k1 = k1;
        this.k2 = k2;
    }

    /**
     * Runs the whole sequence.
     *
     * @param cell    the cell; its parameters may change between chunks (in {@link Chunk#apply})
     * @param input   [T, N, X]
     * @param initial the state before step 0, or {@code null} for zeros
     * @param chunk   the caller's loss and update
     * @return the state after the last step, to carry into the next sequence
     */
    public State run(RecurrentCell cell, Tensor input, State initial, Chunk chunk) {
        if (input == null || input.rank() != 3) {
            throw new IllegalArgumentException("input must be a [T, N, X] tensor");
        }
        int steps = input.dim(0);
        int row = input.dim(1) * input.dim(2);
        State state = initial;
        for (int start = 0; start < steps; start += k1) {
            int len = Math.min(k1, steps - start);
            Tensor part = Tensor.zeros(input.precision(), len, input.dim(1), input.dim(2));
            for (int i = 0; i < len * row; i++) {
                part.set(i, input.get(start * row + i));
            }
            ForwardPass pass = cell.forward(part, state);
            state = pass.finalState();
            Upstream up = chunk.upstream(start, pass);
            chunk.apply(start, cell.backward(pass, up.truncatedTo(Math.min(k2, len))));
        }
        return state;
    }
}
