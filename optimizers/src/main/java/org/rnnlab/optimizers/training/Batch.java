package org.rnnlab.optimizers.training;

import org.rnnlab.api.Mask;
import org.rnnlab.api.Tensor;

/**
 * One minibatch for a {@link org.rnnlab.api.seq.SequenceModel}.
 *
 * @param input    [T, N, X] (or [N, X] for one-input modes)
 * @param target   what the loss compares the predictions with
 * @param teacher  targets fed back under teacher forcing, or null
 * @param mask     [T, N] real input steps, or null
 * @param lossMask [T, N] scored output steps for per-step targets, or null
 */
public record Batch(Tensor input, Tensor target, Tensor teacher, Mask mask, Mask lossMask) {
    /** Validates presence. */
    public Batch {
        if (input == null || target == null) {
            throw new IllegalArgumentException("a batch needs an input and a target");
        }
    }
}
