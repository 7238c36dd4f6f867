/** The trainer: minibatches in a seeded order, evaluation, early stopping, divergence detection, telemetry listeners. */
package org.rnnlab.optimizers.training;
