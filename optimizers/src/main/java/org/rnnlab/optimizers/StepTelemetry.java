package org.rnnlab.optimizers;

import java.util.Map;

/**
 * What happened to the gradients at one optimizer step: the record the experiments harness keeps.
 *
 * @param step          the step number, from 1
 * @param learningRate  the rate used
 * @param normBefore    global gradient norm before clipping (as {@code clip_grad_norm_} returns; NaN when non-finite)
 * @param normAfter     global gradient norm after clipping
 * @param normsBefore   per-parameter norms before clipping
 * @param normsAfter    per-parameter norms after clipping
 * @param clipped       whether the clipping policy changed anything
 * @param skipped       whether the step was skipped for non-finite gradients
 * @param nonFinite     number of non-finite gradient elements seen at this step
 */
public record StepTelemetry(long step, double learningRate, double normBefore, double normAfter, Map<String, Double> normsBefore,
                            Map<String, Double> normsAfter, boolean clipped, boolean skipped, int nonFinite) {
    /** Copies the maps. */
    public StepTelemetry {
        normsBefore = Map.copyOf(normsBefore);
        normsAfter = Map.copyOf(normsAfter);
    }
}
