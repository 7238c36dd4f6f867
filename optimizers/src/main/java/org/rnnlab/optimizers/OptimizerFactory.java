package org.rnnlab.optimizers;

/**
 * Builds an optimizer from its settings; registered by name in a Guice {@code MapBinder<String, OptimizerFactory>}.
 * A plugin contributes one by shipping a {@link TrainingPlugin} module.
 */
public interface OptimizerFactory {
    /**
     * @param settings hyperparameters by PyTorch name; unknown keys and out-of-range values are rejected
     */
    Optimizer create(Settings settings);
}
