package org.rnnlab.research;

/**
 * Layer normalisation of one segment of a vector (Ba, Kiros and Hinton 2016, eq. 4): x̂ = (x − μ)/√(σ² + ε), μ and σ² the
 * mean and (biased) variance over the segment's n values; gain and bias are the caller's. ε sits inside the square root,
 * as in {@code torch.nn.LayerNorm}, so a constant segment (σ² = 0) gives x̂ = 0 and finite gradients.
 */
final class LayerNormF64 {
    /** ε inside the square root: {@code torch.nn.LayerNorm}'s default. */
    static final double EPSILON = (double) 1e-5;

    private LayerNormF64() {
    }

    /**
     * Writes x̂ of x[off, off + n) into out[outOff, outOff + n) and returns r = 1/√(σ² + ε), which {@link #backward} needs.
     * {@code x} is Not modified; {@code out} may not overlap it.
     */
    static double normalise(double[] x, int off, int n, double[] out, int outOff) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[off + i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            var += d * d;
        }
        var /= n;
        double r = (double) (1 / Math.sqrt(var + EPSILON));
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (x[off + i] - mean) * r;
        }
        return r;
    }

    /**
     * Adds ∂L/∂x = r·(∂L/∂x̂ − mean(∂L/∂x̂) − x̂·mean(∂L/∂x̂ ⊙ x̂)) into dx[dxOff, dxOff + n): the exact derivative of
     * {@link #normalise}, ε included (∂x̂_i/∂x_j = r·(δ_ij − 1/n − x̂_i·x̂_j/n)).
     */
    static void backward(double[] dxhat, int dOff, double[] xhat, int hOff, int n, double r, double[] dx, int dxOff) {
        double mean = 0;
        double meanDot = 0;
        for (int i = 0; i < n; i++) {
            mean += dxhat[dOff + i];
            meanDot += dxhat[dOff + i] * xhat[hOff + i];
        }
        mean /= n;
        meanDot /= n;
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] += r * (dxhat[dOff + i] - mean - xhat[hOff + i] * meanDot);
        }
    }
}
