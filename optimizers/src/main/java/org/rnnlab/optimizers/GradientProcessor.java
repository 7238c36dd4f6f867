package org.rnnlab.optimizers;

import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.clipping.Norms;

/**
 * Everything between backward and the optimizer step: the non-finite check (with its policy and counter), the
 * clipping policy, and the telemetry of both. Holds the counters of one run.
 */
public final class GradientProcessor {
    private final ClippingPolicy clipping;
    private final NonFinitePolicy nonFinitePolicy;
    private long nonFiniteSteps;
    private long clippedSteps;

    /** A processor applying {@code clipping} after handling non-finite values by {@code nonFinitePolicy}. */
    public GradientProcessor(ClippingPolicy clipping, NonFinitePolicy nonFinitePolicy) {
        this.clipping = clipping;
        this.nonFinitePolicy = nonFinitePolicy;
    }

    /**
     * Checks and clips the gradients in place.
     *
     * @param step         the step number, for messages and telemetry
     * @param learningRate for the telemetry
     * @param gradients    name → gradient (Modified)
     * @param parameters   name → parameter (Not modified)
     * @return the telemetry; {@link StepTelemetry#skipped()} tells the caller not to step
     * @throws NonFiniteGradientException under {@link NonFinitePolicy#FAIL}
     */
    public StepTelemetry process(long step, double learningRate, Map<String, Tensor> gradients, Map<String, Tensor> parameters) {
        Map<String, Double> before = Norms.each(gradients);
        double normBefore = Math.sqrt(before.values().stream().mapToDouble(n -> n * n).sum());
        int nonFinite = 0;
        String first = null;
        for (Map.Entry<String, Tensor> e : gradients.entrySet()) {
            Tensor g = e.getValue();
            int bad = 0;
            for (int i = 0; i < g.size(); i++) {
                if (!Double.isFinite(g.get(i))) {
                    if (first == null) {
                        first = "'" + e.getKey() + "' at " + g.indexString(i) + " (" + g.get(i) + ")";
                    }
                    bad++;
                }
            }
            if (bad > 0 && nonFinitePolicy == NonFinitePolicy.ZERO) {
                for (int i = 0; i < g.size(); i++) {
                    g.set(i, 0.0);
                }
            }
            nonFinite += bad;
        }
        if (nonFinite > 0) {
            nonFiniteSteps++;
            if (nonFinitePolicy == NonFinitePolicy.FAIL) {
                throw new NonFiniteGradientException("non-finite gradient at step " + step + ": " + first + ", " + nonFinite
                        + " element(s) in all; lower the learning rate, clip gradients, or choose the non-finite policy skip or zero");
            }
            if (nonFinitePolicy == NonFinitePolicy.SKIP_STEP) {
                return new StepTelemetry(step, learningRate, normBefore, normBefore, before, before, false, true, nonFinite);
            }
        }
        boolean clipped = clipping.clip(gradients, parameters);
        if (clipped) {
            clippedSteps++;
        }
        Map<String, Double> after = clipped || nonFinite > 0 ? Norms.each(gradients) : before;
        double normAfter = Math.sqrt(after.values().stream().mapToDouble(n -> n * n).sum());
        return new StepTelemetry(step, learningRate, normBefore, normAfter, before, after, clipped, false, nonFinite);
    }

    /**
     * Handles a backward pass that failed because a gradient overflowed inside the model (so there are no gradients
     * to check): under {@link NonFinitePolicy#FAIL} throws; otherwise counts the step as skipped.
     *
     * @param cause what the model reported
     * @return the telemetry of a skipped step
     */
    public StepTelemetry backwardFailed(long step, double learningRate, RuntimeException cause) {
        nonFiniteSteps++;
        if (nonFinitePolicy == NonFinitePolicy.FAIL) {
            throw new NonFiniteGradientException("non-finite gradient at step " + step + " during backpropagation: " + cause.getMessage()
                    + "; lower the learning rate, clip gradients, or choose the non-finite policy skip or zero");
        }
        return new StepTelemetry(step, learningRate, Double.NaN, Double.NaN, Map.of(), Map.of(), false, true, 1);
    }

    /** Steps that met non-finite gradients (skipped or zeroed). */
    public long nonFiniteSteps() {
        return nonFiniteSteps;
    }

    /** Steps where clipping fired. */
    public long clippedSteps() {
        return clippedSteps;
    }
}
