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
 * @param metric             what the task reports ({@code accuracy}, {@code mse}, {@code bits_per_char}, {@code nrmse})
 * @param validationMetric   its value on the validation split
 * @param testMetric         its value on the test split (held out to the end; NaN when the task has none)
 * @param clippedSteps       steps where clipping fired
 * @param nonFiniteSteps     steps with non-finite gradients (skipped)
 */
public record Metrics(String status, boolean solved, long steps, double validationLoss, double bestValidationLoss, double baseline,
                      String metric, double validationMetric, double testMetric, long clippedSteps, long nonFiniteSteps)
        implements Serializable {
}
