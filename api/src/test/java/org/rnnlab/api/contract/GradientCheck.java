package org.rnnlab.api.contract;

import java.util.function.DoubleSupplier;
import org.rnnlab.api.Tensor;

/**
 * Finite differences against an analytic gradient, element by element: the machinery every gradient test in rnnlab
 * uses (cells, layers, heads, losses). The five-point central stencil
 * {@code (−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε} has truncation error O(ε⁴), so ε can be large enough that
 * round-off (~u·|L|/ε) stays far below even small gradients.
 *
 * <p>Error measure per element: {@code max(0, |a − n| − r) / max(|a|, |n|, floorFraction · max|n|)}, where
 * {@code r = 4·u·max(|L|, 1)/ε} bounds the quotient's round-off (u the unit round-off of the tensor's precision): a
 * difference the quotient cannot resolve counts as none, and elements whose true gradient is ~0 (even whole tensors,
 * such as ∂L/∂W_hh of a single step from a zero state) are not judged by round-off divided by ~0.
 */
public final class GradientCheck {
    private final double eps;
    private final double floorFraction;
    private final double roundOffFactor;

    /**
     * A check that forgives differences below the round-off bound r (factor 4).
     *
     * @param eps           the finite-difference step
     * @param floorFraction see the class comment
     */
    public GradientCheck(double eps, double floorFraction) {
        this(eps, floorFraction, 4);
    }

    private GradientCheck(double eps, double floorFraction, double roundOffFactor) {
        this.eps = eps;
        this.floorFraction = floorFraction;
        this.roundOffFactor = roundOffFactor;
    }

    /**
     * The same check without the round-off allowance (r = 0): for float32, where r would exceed the differences the
     * check should still report; the floor alone then keeps ~0 gradients from dominating.
     */
    public GradientCheck withoutRoundOffAllowance() {
        return new GradientCheck(eps, floorFraction, 0);
    }

    /**
     * The result for one tensor: the worst element and its error.
     *
     * @param where the worst element's index in the tensor's shape, {@code [row, column]}
     */
    public record Result(String name, double maxError, int worstIndex, String where, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format("%s: max error %.2e at %s (analytic %.8g, numeric %.8g)", name, maxError, where, analytic, numeric);
        }
    }

    /**
     * Compares {@code analytic} with the five-point difference quotient for every element θ of {@code target}.
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
            // The perturbed values may round (float32): use the steps actually taken.
            double h1 = perturbed(target, i, v + eps) - v;
            double h2 = perturbed(target, i, v + 2 * eps) - v;
            double m1 = v - perturbed(target, i, v - eps);
            double m2 = v - perturbed(target, i, v - 2 * eps);
            target.set(i, v + eps);
            double up1 = loss.getAsDouble();
            target.set(i, v + 2 * eps);
            double up2 = loss.getAsDouble();
            target.set(i, v - eps);
            double down1 = loss.getAsDouble();
            target.set(i, v - 2 * eps);
            double down2 = loss.getAsDouble();
            target.set(i, v);
            // With the steps taken, the weights (−1, 8, −8, 1) see 8(h1 + m1) − (h2 + m2) (= 12ε when nothing rounds):
            // dividing by it keeps the quotient exact for linear L whatever the rounding.
            numeric[i] = (-up2 + 8 * up1 - 8 * down1 + down2) / (8 * (h1 + m1) - (h2 + m2));
        }
        double scale = 0;
        for (double n : numeric) {
            scale = Math.max(scale, Math.abs(n));
        }
        // Round-off of L over the step is the smallest gradient the quotient can resolve: below it, compare absolutely.
        double unit = target.precision() == org.rnnlab.api.Precision.FLOAT32 ? 0x1p-24 : 0x1p-53;
        double noise = roundOffFactor == 0 ? 0 : roundOffFactor * unit * Math.max(Math.abs(loss.getAsDouble()), 1) / eps;
        double floor = Math.max(floorFraction * scale, Double.MIN_NORMAL);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < numeric.length; i++) {
            double a = analytic.get(i);
            double err = Math.max(0, Math.abs(a - numeric[i]) - noise) / Math.max(Math.max(Math.abs(a), Math.abs(numeric[i])), floor);
            if (err > worst || at < 0) {
                worst = err;
                at = i;
            }
        }
        return new Result(name, worst, at, at < 0 ? "(empty)" : target.indexString(at), at < 0 ? 0 : analytic.get(at),
                at < 0 ? 0 : numeric[at]);
    }

    private static double perturbed(Tensor target, int i, double value) {
        double old = target.get(i);
        target.set(i, value);
        double stored = target.get(i);
        target.set(i, old);
        return stored;
    }
}
