package org.rnnlab.optimizers.training;

/**
 * How a training run ended.
 *
 * @param status             why it stopped
 * @param steps              optimizer steps taken (skipped ones included)
 * @param lastTrainingLoss   the last minibatch loss
 * @param validationLoss     the last validation loss (NaN when diverged before any evaluation)
 * @param bestValidationLoss the best validation loss seen
 * @param nonFiniteSteps     steps that met non-finite gradients (skipped or zeroed)
 * @param clippedSteps       steps where clipping fired
 */
public record TrainingResult(Status status, long steps, double lastTrainingLoss, double validationLoss, double bestValidationLoss,
                             long nonFiniteSteps, long clippedSteps) {
    /** Why a run stopped. */
    public enum Status {
        /** The validation loss reached the target. */
        TARGET_REACHED,
        /** The step budget ran out. */
        BUDGET_EXHAUSTED,
        /** The loss or the predictions became NaN or infinite. */
        DIVERGED
    }
}
