package org.rnnlab.cpu.internal.f64;

/**
 * Dense row-major matrix products on sub-arrays: every operand is an array, an offset, and its rows and columns
 * (leading dimension = columns). Implementations may keep scratch buffers, so one instance serves one thread.
 */
public interface GemmF64 {
    /** C[m×n] = A[m×k]·B[k×n]. C is Modified; A and B are Not modified and must not overlap C. */
    void mult(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /** C[m×n] += A[m×k]·B[k×n]. C is Modified; A and B are Not modified and must not overlap C. */
    void multAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /**
     * C[m×n] = Aᵀ·B where A is stored k×m (so Aᵀ is m×k) and B is k×n: a sum of outer products of rows, as in weight
     * gradients ∂W = ∂Yᵀ·X. C is Modified.
     */
    void multTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /** dst[cols×rows] = src[rows×cols]ᵀ. dst is Modified. */
    static void transpose(int rows, int cols, double[] src, int srcOff, double[] dst, int dstOff) {
        final int block = 32; // cache-friendly tiles
        for (int i0 = 0; i0 < rows; i0 += block) {
            int i1 = Math.min(rows, i0 + block);
            for (int j0 = 0; j0 < cols; j0 += block) {
                int j1 = Math.min(cols, j0 + block);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
                    }
                }
            }
        }
    }
}
