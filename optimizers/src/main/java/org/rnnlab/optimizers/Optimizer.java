package org.rnnlab.optimizers;

import java.util.Map;
import org.rnnlab.api.Tensor;

/**
 * An optimization algorithm: immutable, built from validated hyperparameters.
 *
 * <p>Life cycle: {@link #initialise(Map)} once per run, with the live parameters, gives a fresh
 * {@link OptimizerState} that holds every mutable buffer (moments, momentum, step count); then
 * {@link OptimizerState#step} once per minibatch; {@link OptimizerState#reset()} to start over. Two runs never share
 * state. Updates follow {@code torch.optim}'s single-tensor implementations (PyTorch 2.7) exactly.
 */
public interface Optimizer {
    /** The registered name, e.g. {@code adam}. */
    String name();

    /** The base learning rate (a schedule scales it per step). */
    double learningRate();

    /** Fresh state for a run over these parameters (name → live tensor, updated in place by steps). */
    OptimizerState initialise(Map<String, Tensor> parameters);
}
