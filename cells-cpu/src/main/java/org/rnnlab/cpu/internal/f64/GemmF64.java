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

    /** B[k×n] prepared for many products with different left operands (a recurrent weight over every step). */
    interface Packed {
        /** The unpacked B this was made from. Not modified. */
        double[] matrix();

        /** Offset of B in {@link #matrix()}. */
        int offset();
    }

    /**
     * Prepares b[k×n] for {@link #multAdd(int, int, int, double[], int, Packed, double[], int)}: by default B itself;
     * implementations that gain from a packed layout copy it (reusing {@code reuse}'s storage when they can). B is
     * Not modified and must not change while the result is in use.
     */
    default Packed pack(int k, int n, double[] b, int bOff, Packed reuse) {
        return new Packed() {
            @Override
            public double[] matrix() {
                return b;
            }

            @Override
            public int offset() {
                return bOff;
            }
        };
    }

    /** C[m×n] += A[m×k]·B with B from {@link #pack}. C is Modified. */
    default void multAdd(int m, int n, int k, double[] a, int aOff, Packed b, double[] c, int cOff) {
        multAdd(m, n, k, a, aOff, b.matrix(), b.offset(), c, cOff);
    }

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
