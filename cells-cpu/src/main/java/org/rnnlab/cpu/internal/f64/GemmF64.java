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

    /** {@link #multTransA} with A's rows {@code lda} ≥ m apart. By default A is copied to m apart first. */
    default void multTransA(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff) {
        if (lda == m) {
            multTransA(m, n, k, a, aOff, b, bOff, c, cOff);
        } else {
            multTransA(m, n, k, compact(k, m, a, aOff, lda), 0, b, bOff, c, cOff);
        }
    }

    /**
     * Two products over one A: C1 = Aᵀ·B1 and C2 = Aᵀ·B2, A stored k×m with its rows {@code lda} ≥ m apart, B and C of
     * each {@link Side} k×n and m×n (the gradients of W_ih and W_hh where both come from the gradient of the gates). The
     * results are those of two {@link #multTransA} calls, bit for bit; an engine may read A once for both. By default two
     * calls.
     */
    default void multTransA(int m, int k, double[] a, int aOff, int lda, Side first, Side second) {
        multTransA(m, first.n(), k, a, aOff, lda, first.b(), first.bOff(), first.c(), first.cOff());
        multTransA(m, second.n(), k, a, aOff, lda, second.b(), second.bOff(), second.c(), second.cOff());
    }

    /** One side of a pair of products over one A: B[k×n] at b[bOff] and the C[m×n] it gives at c[cOff] (Modified). */
    record Side(int n, double[] b, int bOff, double[] c, int cOff) {
    }

    /**
     * The row stride this engine reads best for a left operand of {@code cols} columns (at least cols): callers that
     * own such a matrix may lay it out so. By default cols.
     */
    default int leadingDimension(int cols) {
        return cols;
    }

    /**
     * An engine on one thread whose products compute, of C, the columns of part {@code part} of {@code parts} only (as
     * this engine divides them: the parts, one engine each, cover every column once, and each column gets the same
     * values as from a product over all of them); null where this engine has no such parts.
     */
    default GemmF64 columns(int part, int parts) {
        return null;
    }

    /**
     * B[k×n] prepared for many products with different left operands (a weight matrix read by every step, or by one
     * large product): an engine's own layout, valid only with the engine that made it.
     */
    interface Packed {
    }

    /** The layout of the default {@link #pack} and {@link #packTransposed}: B row-major at an offset. */
    record RowMajor(double[] matrix, int offset, int k, int n, boolean owned) implements Packed {
    }

    /**
     * Prepares b[k×n] for {@link #multAdd(int, int, int, double[], int, Packed, double[], int)}: by default B itself;
     * implementations that gain from a packed layout copy it (reusing {@code reuse}'s storage when they can). B is
     * Not modified and must not change while the result is in use.
     */
    default Packed pack(int k, int n, double[] b, int bOff, Packed reuse) {
        return new RowMajor(b, bOff, k, n, false);
    }

    /**
     * Prepares B[k×n] = srcᵀ, where src is stored n×k at {@code srcOff} (the weights of {@code torch.nn} layers are
     * stored [out, in], and {@code y = x·Wᵀ}): by default a transposed copy (in {@code reuse}'s storage when it is
     * such a copy of the same shape). src is Not modified.
     */
    default Packed packTransposed(int k, int n, double[] src, int srcOff, Packed reuse) {
        double[] t = reuse instanceof RowMajor r && r.owned() && r.k() == k && r.n() == n ? r.matrix() : new double[k * n];
        transpose(n, k, src, srcOff, t, 0);
        return new RowMajor(t, 0, k, n, true);
    }

    /** C[m×n] += A[m×k]·B with B from this engine's {@link #pack} or {@link #packTransposed}. C is Modified. */
    default void multAdd(int m, int n, int k, double[] a, int aOff, Packed b, double[] c, int cOff) {
        if (!(b instanceof RowMajor r) || r.k() != k || r.n() != n) {
            throw new IllegalArgumentException("B was packed by another engine or for another shape (expected "
                    + k + "×" + n + "): pack it with this engine for this product");
        }
        multAdd(m, n, k, a, aOff, r.matrix(), r.offset(), c, cOff);
    }

    /**
     * C[m×n] = 1·rowInit + A[m×k]·B: every row of C starts as {@code rowInit} (n values; null for zeros), with B from
     * this engine's {@link #pack} or {@link #packTransposed}: a bias and a product in one pass. C is Modified.
     */
    default void mult(int m, int n, int k, double[] a, int aOff, Packed b, double[] rowInit, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            if (rowInit != null) {
                System.arraycopy(rowInit, 0, c, cOff + i * n, n);
            } else {
                java.util.Arrays.fill(c, cOff + i * n, cOff + (i + 1) * n, 0);
            }
        }
        multAdd(m, n, k, a, aOff, b, c, cOff);
    }

    /** {@link #multAdd(int, int, int, double[], int, Packed, double[], int)} with A's rows {@code lda} ≥ k apart. */
    default void multAdd(int m, int n, int k, double[] a, int aOff, int lda, Packed b, double[] c, int cOff) {
        if (lda == k) {
            multAdd(m, n, k, a, aOff, b, c, cOff);
        } else {
            multAdd(m, n, k, compact(m, k, a, aOff, lda), 0, b, c, cOff);
        }
    }

    /** {@link #mult(int, int, int, double[], int, Packed, double[], double[], int)} with A's rows {@code lda} ≥ k apart. */
    default void mult(int m, int n, int k, double[] a, int aOff, int lda, Packed b, double[] rowInit, double[] c, int cOff) {
        if (lda == k) {
            mult(m, n, k, a, aOff, b, rowInit, c, cOff);
        } else {
            mult(m, n, k, compact(m, k, a, aOff, lda), 0, b, rowInit, c, cOff);
        }
    }

    /** rows × cols of a (rows lda apart from aOff), as a new row-major array. */
    private static double[] compact(int rows, int cols, double[] a, int aOff, int lda) {
        double[] d = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, aOff + r * lda, d, r * cols, cols);
        }
        return d;
    }

    /** dst[cols×rows] = src[rows×cols]ᵀ. dst is Modified. */
    static void transpose(int rows, int cols, double[] src, int srcOff, double[] dst, int dstOff) {
        final int block = 8; // the strided side of a tile must fit the 8 ways of an L1 set (rows can be 2^k apart)
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
