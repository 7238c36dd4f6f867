package org.rnnlab.optimizers;

import java.util.Map;
import org.rnnlab.api.Tensor;

/** The mutable part of one optimization run: see {@link Optimizer} for the call order. */
public interface OptimizerState {
    /**
     * Updates every parameter in place from its gradient.
     *
     * @param gradients    name → ∂L/∂θ, the same names and shapes as the parameters. Not modified.
     * @param learningRate the learning rate of this step (from the schedule)
     */
    void step(Map<String, Tensor> gradients, double learningRate);

    /** Steps taken since initialisation or the last reset. */
    long steps();

    /** Forgets all accumulated state, as if freshly initialised (the parameters are not touched). */
    void reset();
}
