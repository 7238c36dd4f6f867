package org.rnnlab.research;

/**
 * Row-major matrix–vector products and activations of the per-step cells; W is [rows, cols]. Every result is cast to the
 * precision of the arrays, so the float32 twin generated from this source computes in float32 too.
 */
final class DenseF64 {
    private DenseF64() {
    }

    /** out[outOff + r] += Σ_c W[r, c]·v[vOff + c], for r in [0, rows). */
    static void multAdd(double[] w, int rows, int cols, double[] v, int vOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                s += w[o + c] * v[vOff + c];
            }
            out[outOff + r] += s;
        }
    }

    /** out[outOff + c] += Σ_r W[r, c]·g[gOff + r], for c in [0, cols): the product with Wᵀ. */
    static void multTransAdd(double[] w, int rows, int cols, double[] g, int gOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            double gr = g[gOff + r];
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                out[outOff + c] += w[o + c] * gr;
            }
        }
    }

    /** dW[r, c] += g[gOff + r]·v[vOff + c]: the outer product. */
    static void outerAdd(double[] dw, int rows, int cols, double[] g, int gOff, double[] v, int vOff) {
        for (int r = 0; r < rows; r++) {
            double gr = g[gOff + r];
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                dw[o + c] += gr * v[vOff + c];
            }
        }
    }

    /** out[outOff + i] += v[vOff + i], for i in [0, n). */
    static void add(double[] v, int vOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] += v[vOff + i];
        }
    }

    /** The logistic function 1/(1 + e^−x). */
    static double sigmoid(double x) {
        return (double) (1 / (1 + Math.exp(-x)));
    }

    /** tanh x. */
    static double tanh(double x) {
        return (double) Math.tanh(x);
    }
}
