package org.rnnlab.experiments.sweep.store;

import java.io.Serializable;

/**
 * What training a point measured: deterministic, given the point.
 *
 * @param status             how training ended ({@code SOLVED}, {@code BUDGET}, {@code DIVERGED}, …)
 * @param solved             validation loss ≤ loss fraction × baseline
 * @param steps              optimizer steps taken
 * @param validationLoss     last validation loss
 * @param bestValidationLoss best validation loss
 * @param baseline           the task's baseline loss at T
 * @param accuracy           validation accuracy for classification tasks (NaN otherwise)
 * @param clippedSteps       steps where clipping fired
 * @param nonFiniteSteps     steps with non-finite gradients (skipped)
 */
public record Metrics(String status, boolean solved, long steps, double validationLoss, double bestValidationLoss, double baseline,
                      double accuracy, long clippedSteps, long nonFiniteSteps) implements Serializable {
}
