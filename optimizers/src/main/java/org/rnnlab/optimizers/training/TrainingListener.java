package org.rnnlab.optimizers.training;

import org.rnnlab.optimizers.StepTelemetry;

/** Hooks for telemetry: called on the training thread, in order. */
public interface TrainingListener {
    /** After every step (skipped ones included), with the minibatch loss. */
    default void onStep(StepTelemetry telemetry, double loss) {
    }

    /** After every evaluation, with the validation loss. */
    default void onEvaluation(long step, double validationLoss) {
    }
}
