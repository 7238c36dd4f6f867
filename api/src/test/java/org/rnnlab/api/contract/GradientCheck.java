package org.rnnlab.api.contract;

import java.util.function.DoubleSupplier;
import org.rnnlab.api.Tensor;

/**
 * Central finite differences against an analytic gradient, element by element: the machinery every gradient
 * test in rnnlab uses (cells here; layers, heads and losses later).
 *
 * <p>Error measure per element: {@code |a − n| / max(|a|, |n|, floor)}, where {@code floor = floorFraction ·
 * max|n|} over the tensor keeps elements whose true gradient is ~0 from dividing round-off by ~0.
 */
public final class GradientCheck {
    private final double eps;
    private final double floorFraction;

    /**
     * @param eps           the finite-difference step
     * @param floorFraction see the class comment
     */
    public GradientCheck(double eps, double floorFraction) {
        this.eps = eps;
        this.floorFraction = floorFraction;
    }

    /** The result for one tensor: the worst element and its error. */
    public record Result(String name, double maxError, int worstIndex, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format("%s: max error %.2e at %d (analytic %.8g, numeric %.8g)", name, maxError, worstIndex,
                    analytic, numeric);
        }
    }

    /**
     * Compares {@code analytic} with (L(θ+ε) − L(θ−ε)) / 2ε for every element θ of {@code target}.
     *
     * @param name     for the report
     * @param target   the tensor the loss reads; perturbed in place and restored (Modified, then restored)
     * @param analytic the gradient to check (Not modified)
     * @param loss     evaluates L with the current values of {@code target}
     */
    public Result check(String name, Tensor target, Tensor analytic, DoubleSupplier loss) {
        double[] numeric = new double[target.size()];
        for (int i = 0; i < target.size(); i++) {
            double v = target.get(i);
            target.set(i, v + eps);
            double up = loss.getAsDouble();
            target.set(i, v - eps);
            double down = loss.getAsDouble();
            target.set(i, v);
            // The perturbed value may round (float32): divide by the step actually taken.
            double step = stepTaken(target, i, v);
            numeric[i] = (up - down) / step;
        }
        double scale = 0;
        for (double n : numeric) {
            scale = Math.max(scale, Math.abs(n));
        }
        double floor = Math.max(floorFraction * scale, Double.MIN_NORMAL);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < numeric.length; i++) {
            double a = analytic.get(i);
            double err = Math.abs(a - numeric[i]) / Math.max(Math.max(Math.abs(a), Math.abs(numeric[i])), floor);
            if (err > worst || at < 0) {
                worst = err;
                at = i;
            }
        }
        return new Result(name, worst, at, at < 0 ? 0 : analytic.get(at), at < 0 ? 0 : numeric[at]);
    }

    private double stepTaken(Tensor target, int i, double v) {
        target.set(i, v + eps);
        double up = target.get(i);
        target.set(i, v - eps);
        double down = target.get(i);
        target.set(i, v);
        return up - down;
    }
}
