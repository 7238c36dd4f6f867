/**
 * Training: {@link org.rnnlab.optimizers.Optimizer}s, {@link org.rnnlab.optimizers.LearningRateSchedule}s and
 * {@link org.rnnlab.optimizers.ClippingPolicy}s chosen by name through {@link org.rnnlab.optimizers.TrainingComponents}
 * (Guice map binders, extended by {@link org.rnnlab.optimizers.TrainingPlugin}s), and the trainer.
 */
package org.rnnlab.optimizers;
