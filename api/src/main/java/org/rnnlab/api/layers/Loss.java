package org.rnnlab.api.layers;

import org.rnnlab.api.Mask;
import org.rnnlab.api.Tensor;

/**
 * A loss over rows of predictions: [N, O] (one row per sequence) or [T, N, O] (one per step and sequence), averaged
 * over the real rows. A {@link Mask} ([T, N], for 3-D predictions) leaves padded rows out of the value and the gradient.
 */
public interface Loss {
    /** The value and ∂L/∂predictions (zero on masked rows). */
    record Result(double value, Tensor gradient, int rows) {
    }

    /**
     * @param predictions [N, O] or [T, N, O]
     * @param targets     see the implementation
     * @param mask        [T, N] for 3-D predictions, or null
     * @throws IllegalArgumentException for mismatched shapes, non-finite predictions, or no real row
     */
    Result evaluate(Tensor predictions, Tensor targets, Mask mask);

    /**
     * The loss value rounded to the predictions' precision, as PyTorch computes it: a float32 loss beyond float range is
     * infinite (and the run has diverged) rather than a large double.
     */
    static double inPrecision(double value, Tensor predictions) {
        return predictions.precision() == org.rnnlab.api.Precision.FLOAT32 ? (float) value : value;
    }

    /** Whether row r of predictions shaped like {@code p} is real under {@code mask}; also validates the mask. */
    static boolean[] rows(Tensor p, Mask mask) {
        if (p.rank() != 2 && p.rank() != 3) {
            throw new IllegalArgumentException("predictions must be [N, O] or [T, N, O], got " + java.util.Arrays.toString(p.shape()));
        }
        int rows = p.size() / p.dim(p.rank() - 1);
        boolean[] real = new boolean[rows];
        java.util.Arrays.fill(real, true);
        if (mask != null) {
            if (p.rank() != 3) {
                throw new IllegalArgumentException("a mask applies to [T, N, O] predictions, not " + java.util.Arrays.toString(p.shape()));
            }
            mask.checkFits("predictions", p.dim(0), p.dim(1));
            for (int t = 0; t < p.dim(0); t++) {
                for (int n = 0; n < p.dim(1); n++) {
                    real[t * p.dim(1) + n] = mask.valid(t, n);
                }
            }
        }
        int bad = p.firstNonFinite();
        if (bad >= 0 && real[bad / p.dim(p.rank() - 1)]) {
            throw new IllegalArgumentException("predictions contain " + p.get(bad) + " at " + p.indexString(bad)
                    + ": the model diverged (lower the learning rate, or clip gradients)");
        }
        return real;
    }
}
