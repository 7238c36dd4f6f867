package org.rnnlab.cpu.internal.f64;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products with the JDK Vector API: an 8-row × 2-vector register-blocked micro-kernel (16 accumulators, FMA)
 * that reads A by strides, so A and Aᵀ products share it, and split across the cores by row blocks when the product
 * is large enough to pay for the hand-off. Packed B (the weights, and B of {@link #multTransA}) streams past 8 rows of
 * A at a time over the whole of k, so those rows stay in L1 and each tile of C is read and written once, or only
 * written when the product overwrites C; B as it is comes in blocks of k, a panel at a time past row blocks of A.
 */
public final class VectorGemmF64 implements GemmF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    /** The first accumulators of a product that overwrites C with no row to start from (kernels read up to 8L). */
    private static final double[] ZEROS = new double[8 * L];
    /** Rows of B per block when B is not packed (a panel of them stays in L1/L2 while a row block of A passes it). */
    private static final int KC = 256;
    /** Rows of A per block when B is not packed: a block of A stays in L2 while every panel of B passes it. */
    private static final int MC = 64;
    /** Multiply-adds below which one thread is faster than two (measured: the per-step products of H 128 stay on one). */
    private static final long PARALLEL_WORK = 1L << 22;

    private final int threads;
    /** B of the last {@link #multTransA}, packed (reused when the next has the same shape). */
    private Panels scratchB;

    /** Products that use every core when large enough. */
    public VectorGemmF64() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Products on at most {@code threads} threads (1: the calling thread only, for callers already in parallel). */
    public VectorGemmF64(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        run(m, n, k, a, aOff, k, 1, b, bOff, null, null, true, c, cOff);
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        run(m, n, k, a, aOff, k, 1, b, bOff, null, null, false, c, cOff);
    }

    /**
     * Packs B[k×n] into panels of 2L columns whose k rows are contiguous ([panel][k][2L]), so that the per-step
     * products of a recurrence stream the weight matrix sequentially instead of n apart ({@code ./rnnlab bench} with
     * the PyTorch peer: LSTM N16 H512 T25 went from 1.84–1.99× PyTorch's time to 1.53×). Reuses {@code reuse}'s
     * storage when it fits.
     */
    @Override
    public Packed pack(int k, int n, double[] b, int bOff, Packed reuse) {
        Panels p = Panels.of(k, n, 2 * L, reuse);
        int width = p.width;
        for (int kk = 0; kk < k; kk++) {
            int row = bOff + kk * n;
            for (int q = 0; q < p.count; q++) {
                System.arraycopy(b, row + q * width, p.data, (q * k + kk) * width, width);
            }
            System.arraycopy(b, row + p.count * width, p.tail, kk * p.tailWidth, p.tailWidth);
        }
        return p;
    }

    /**
     * Packs B = srcᵀ (src stored n×k) straight into panels, with no transposed copy in between (a transpose through
     * memory cost about as much as the input projection it served; without it, and with A blocked by {@link #MC}
     * rows, {@code RNNLAB_PEERS=1 ./rnnlab bench --cells lstm} put LSTM N16 H512 T25 at 1.38–1.43× PyTorch's time,
     * from 1.53–1.54×). Each panel is read 4 source rows at a time, along k, writing 4 adjacent values of each panel
     * row: faster than a cache line of one source row at a time (timed alone on the H 512 LSTM's 512 × 2048 weights).
     */
    @Override
    public Packed packTransposed(int k, int n, double[] src, int srcOff, Packed reuse) {
        Panels p = Panels.of(k, n, 2 * L, reuse);
        int width = p.width;
        double[] d = p.data;
        for (int q = 0; q < p.count; q++) {
            int base = q * k * width;
            int col = 0;
            for (; col + 8 <= width; col += 8) {
                int s0 = srcOff + (q * width + col) * k;
                for (int kk = 0; kk < k; kk++) {
                    int at = base + kk * width + col;
                    int from = s0 + kk;
                    d[at] = src[from];
                    d[at + 1] = src[from + k];
                    d[at + 2] = src[from + 2 * k];
                    d[at + 3] = src[from + 3 * k];
                    d[at + 4] = src[from + 4 * k];
                    d[at + 5] = src[from + 5 * k];
                    d[at + 6] = src[from + 6 * k];
                    d[at + 7] = src[from + 7 * k];
                }
            }
            for (; col < width; col++) {
                int s = srcOff + (q * width + col) * k;
                for (int kk = 0; kk < k; kk++) {
                    d[base + kk * width + col] = src[s + kk];
                }
            }
        }
        for (int col = 0; col < p.tailWidth; col++) {
            int s = srcOff + (p.count * width + col) * k;
            for (int kk = 0; kk < k; kk++) {
                p.tail[kk * p.tailWidth + col] = src[s + kk];
            }
        }
        return p;
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, Packed b, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.multAdd(m, n, k, a, aOff, b, c, cOff);
            return;
        }
        run(m, n, k, a, aOff, k, 1, null, 0, p, null, false, c, cOff);
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, Packed b, double[] rowInit, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.mult(m, n, k, a, aOff, b, rowInit, c, cOff);
            return;
        }
        run(m, n, k, a, aOff, k, 1, null, 0, p, rowInit, true, c, cOff);
    }

    /** B[k×n] as panels of {@code width} columns, [panel][k][width], and the columns beyond the last panel row-major. */
    private static final class Panels implements Packed {
        final int k;
        final int n;
        final int width;
        final int count;
        final int tailWidth;
        final double[] data;
        final double[] tail;

        private Panels(int k, int n, int width) {
            this.k = k;
            this.n = n;
            this.width = width;
            this.count = n / width;
            this.tailWidth = n - count * width;
            this.data = new double[count * k * width];
            this.tail = new double[k * tailWidth];
        }

        /** {@code reuse} when it has this shape, else new storage. */
        static Panels of(int k, int n, int width, Packed reuse) {
            return reuse instanceof Panels r && r.k == k && r.n == n && r.width == width ? r : new Panels(k, n, width);
        }
    }

    /**
     * Packs B first (for weight gradients B is the input or the states, [T·N × X]: a fraction of the product's time),
     * then streams it past 8 columns of A at a time, whole k, as {@link #mult(int, int, int, double[], int, Packed,
     * double[], double[], int)} does.
     */
    @Override
    public void multTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        Panels p = (Panels) pack(k, n, b, bOff, scratchB);
        scratchB = p;
        run(m, n, k, a, aOff, 1, m, null, 0, p, null, true, c, cOff);
    }

    /**
     * C += A·B (or, when {@code overwrite}, C = 1·rowInit + A·B, zeros for a null rowInit) with A(i, kk) =
     * a[aOff + i·ars + kk·acs]: row-major A (ars = k, acs = 1) or its transpose (1, m). Large
     * products split across threads by row blocks; those with few rows (the per-step products of small batches) by
     * column panels instead, so that each thread streams only its part of B (a large B is read from memory every
     * step: splitting rows would read it once per thread).
     */
    private void run(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, Panels panels,
                     double[] rowInit, boolean overwrite, double[] c, int cOff) {
        if (k == 0) {
            if (overwrite) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c[cOff + i * n + j] = rowInit != null ? rowInit[j] : 0;
                    }
                }
            }
            return;
        }
        int blocks = (m + ROWS - 1) / ROWS;
        int panelCount = n / (2 * L);
        if (this.threads < 2 || (long) m * n * k < PARALLEL_WORK) {
            rows(0, m, 0, n, n, k, a, aOff, ars, acs, b, bOff, panels, rowInit, overwrite, c, cOff);
        } else if (blocks >= 2 * this.threads) {
            int threads = Math.min(this.threads, blocks);
            IntStream.range(0, threads).parallel().forEach(t -> {
                int from = blocks * t / threads * ROWS;
                int to = Math.min(m, blocks * (t + 1) / threads * ROWS);
                rows(from, to, 0, n, n, k, a, aOff, ars, acs, b, bOff, panels, rowInit, overwrite, c, cOff);
            });
        } else if (panelCount >= 2) {
            int threads = Math.min(this.threads, panelCount);
            IntStream.range(0, threads).parallel().forEach(t -> {
                int j0 = panelCount * t / threads * 2 * L;
                int j1 = t == threads - 1 ? n : panelCount * (t + 1) / threads * 2 * L;
                rows(0, m, j0, j1, n, k, a, aOff, ars, acs, b, bOff, panels, rowInit, overwrite, c, cOff);
            });
        } else {
            rows(0, m, 0, n, n, k, a, aOff, ars, acs, b, bOff, panels, rowInit, overwrite, c, cOff);
        }
    }

    /**
     * C[from..to, j0..j1) += A[from..to)·B[:, j0..j1) (or = rowInit + …, see {@link #run}); j0 is a multiple of 2L, and j1
     * is too or equals n. The kernels start their accumulators from {@code init} at i0, rows {@code in} apart: C itself,
     * or one row (in = 0) of rowInit or zeros.
     */
    private static void rows(int from, int to, int j0, int j1, int n, int k, double[] a, int aOff, int ars, int acs, double[] b,
                             int bOff, Panels panels, double[] rowInit, boolean overwrite, double[] c, int cOff) {
        int nVec = Math.min(j1, n - n % (2 * L));
        // B's panels of 2L columns: rows n apart in B, or 2L apart (contiguous) when packed; panels 2L or 2L·k apart.
        double[] bv = panels == null ? b : panels.data;
        int bStride = panels == null ? n : 2 * L;
        int panelStride = panels == null ? 2 * L : 2 * L * k;
        int bStart = panels == null ? bOff : 0;
        // Packed B streams past 8 rows of A at a time over the whole of k: the rows of A stay in L1 and every tile of C
        // is read and written once (or only written, when the product overwrites C).
        int kc = panels != null ? k : KC;
        int mc = panels != null ? 2 * ROWS : MC;
        double[] first = rowInit != null ? rowInit : ZEROS;
        int firstStep = rowInit != null ? 1 : 0;
        for (int k0 = 0; k0 < k; k0 += kc) {
            int k1 = Math.min(k, k0 + kc);
            // The first block of k of a product that overwrites C starts its accumulators from rowInit (or zeros), not C.
            boolean fresh = overwrite && k0 == 0;
            for (int r0 = from; r0 < to; r0 += mc) {
                int r1 = Math.min(to, r0 + mc);
                for (int j = j0; j < nVec; j += 2 * L) {
                    int bBase = bStart + j / (2 * L) * panelStride;
                    int i = r0;
                    for (; i + 2 * ROWS <= r1; i += 2 * ROWS) {
                        kernel8(i, j, k0, k1, n, a, aOff + i * ars, ars, acs, bv, bBase, bStride, c, cOff,
                                fresh ? first : c, fresh ? j * firstStep : cOff + i * n + j, fresh ? 0 : n);
                    }
                    for (; i + ROWS <= r1; i += ROWS) {
                        kernel4(i, j, k0, k1, n, a, aOff + i * ars, ars, acs, bv, bBase, bStride, c, cOff,
                                fresh ? first : c, fresh ? j * firstStep : cOff + i * n + j, fresh ? 0 : n);
                    }
                }
                // The rows left (fewer than 4: a batch of 1 to 3, or a tail) one at a time, 4 panels per call: a single
                // row's 2 accumulators would wait on the FMA latency, 8 keep the units busy.
                for (int i = r0 + (r1 - r0) / ROWS * ROWS; i < r1; i++) {
                    int j = j0;
                    for (; j + 8 * L <= nVec; j += 8 * L) {
                        int bBase = bStart + j / (2 * L) * panelStride;
                        kernel1x4(i, j, k0, k1, n, a, aOff + i * ars, acs, bv, bBase, bStride, panelStride, c, cOff,
                                fresh ? first : c, fresh ? j * firstStep : cOff + i * n + j);
                    }
                    for (; j < nVec; j += 2 * L) {
                        int bBase = bStart + j / (2 * L) * panelStride;
                        kernel1(i, j, k0, k1, n, a, aOff + i * ars, acs, bv, bBase, bStride, c, cOff,
                                fresh ? first : c, fresh ? j * firstStep : cOff + i * n + j);
                    }
                }
            }
            int tail = Math.max(j0, nVec);
            if (tail < j1) {
                // Columns beyond the last full panel: B itself, or the packed tail (row-major, tailWidth wide).
                double[] tb = panels == null ? b : panels.tail;
                int ts = panels == null ? n : panels.tailWidth;
                int tOff = panels == null ? bOff : -nVec;
                for (int i = from; i < to; i++) {
                    int ci = cOff + i * n;
                    int ai = aOff + i * ars;
                    if (fresh) {
                        for (int j = tail; j < j1; j++) {
                            c[ci + j] = rowInit != null ? rowInit[j] : 0;
                        }
                    }
                    for (int kk = k0; kk < k1; kk++) {
                        double av = a[ai + kk * acs];
                        for (int j = tail; j < j1; j++) {
                            c[ci + j] += av * tb[tOff + kk * ts + j];
                        }
                    }
                }
            }
        }
    }

    /** 8 rows × 2 vectors: 16 accumulators, for the 32 vector registers of AVX-512 (used for full 8-row blocks). */
    private static void kernel8(int i, int j, int k0, int k1, int n, double[] a, int a0, int ars, int acs, double[] b, int bBase,
                                int bStride, double[] c, int cOff, double[] init, int i0, int in) {
        int c0 = cOff + i * n + j;
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0 + 0 * in);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + 0 * in + L);
        DoubleVector r10 = DoubleVector.fromArray(S, init, i0 + 1 * in);
        DoubleVector r11 = DoubleVector.fromArray(S, init, i0 + 1 * in + L);
        DoubleVector r20 = DoubleVector.fromArray(S, init, i0 + 2 * in);
        DoubleVector r21 = DoubleVector.fromArray(S, init, i0 + 2 * in + L);
        DoubleVector r30 = DoubleVector.fromArray(S, init, i0 + 3 * in);
        DoubleVector r31 = DoubleVector.fromArray(S, init, i0 + 3 * in + L);
        DoubleVector r40 = DoubleVector.fromArray(S, init, i0 + 4 * in);
        DoubleVector r41 = DoubleVector.fromArray(S, init, i0 + 4 * in + L);
        DoubleVector r50 = DoubleVector.fromArray(S, init, i0 + 5 * in);
        DoubleVector r51 = DoubleVector.fromArray(S, init, i0 + 5 * in + L);
        DoubleVector r60 = DoubleVector.fromArray(S, init, i0 + 6 * in);
        DoubleVector r61 = DoubleVector.fromArray(S, init, i0 + 6 * in + L);
        DoubleVector r70 = DoubleVector.fromArray(S, init, i0 + 7 * in);
        DoubleVector r71 = DoubleVector.fromArray(S, init, i0 + 7 * in + L);
        for (int kk = k0; kk < k1; kk++) {
            int bk = bBase + kk * bStride;
            int ak = a0 + kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ak + 0 * ars]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            x = DoubleVector.broadcast(S, a[ak + 1 * ars]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            x = DoubleVector.broadcast(S, a[ak + 2 * ars]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            x = DoubleVector.broadcast(S, a[ak + 3 * ars]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
            x = DoubleVector.broadcast(S, a[ak + 4 * ars]);
            r40 = b0.fma(x, r40);
            r41 = b1.fma(x, r41);
            x = DoubleVector.broadcast(S, a[ak + 5 * ars]);
            r50 = b0.fma(x, r50);
            r51 = b1.fma(x, r51);
            x = DoubleVector.broadcast(S, a[ak + 6 * ars]);
            r60 = b0.fma(x, r60);
            r61 = b1.fma(x, r61);
            x = DoubleVector.broadcast(S, a[ak + 7 * ars]);
            r70 = b0.fma(x, r70);
            r71 = b1.fma(x, r71);
        }
        r00.intoArray(c, c0 + 0 * n);
        r01.intoArray(c, c0 + 0 * n + L);
        r10.intoArray(c, c0 + 1 * n);
        r11.intoArray(c, c0 + 1 * n + L);
        r20.intoArray(c, c0 + 2 * n);
        r21.intoArray(c, c0 + 2 * n + L);
        r30.intoArray(c, c0 + 3 * n);
        r31.intoArray(c, c0 + 3 * n + L);
        r40.intoArray(c, c0 + 4 * n);
        r41.intoArray(c, c0 + 4 * n + L);
        r50.intoArray(c, c0 + 5 * n);
        r51.intoArray(c, c0 + 5 * n + L);
        r60.intoArray(c, c0 + 6 * n);
        r61.intoArray(c, c0 + 6 * n + L);
        r70.intoArray(c, c0 + 7 * n);
        r71.intoArray(c, c0 + 7 * n + L);
    }

    private static void kernel4(int i, int j, int k0, int k1, int n, double[] a, int a0, int ars, int acs, double[] b, int bBase,
                                int bStride, double[] c, int cOff, double[] init, int i0, int in) {
        int c0 = cOff + i * n + j;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0 + 0 * in);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + 0 * in + L);
        DoubleVector r10 = DoubleVector.fromArray(S, init, i0 + 1 * in);
        DoubleVector r11 = DoubleVector.fromArray(S, init, i0 + 1 * in + L);
        DoubleVector r20 = DoubleVector.fromArray(S, init, i0 + 2 * in);
        DoubleVector r21 = DoubleVector.fromArray(S, init, i0 + 2 * in + L);
        DoubleVector r30 = DoubleVector.fromArray(S, init, i0 + 3 * in);
        DoubleVector r31 = DoubleVector.fromArray(S, init, i0 + 3 * in + L);
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        for (int kk = k0; kk < k1; kk++) {
            int bk = bBase + kk * bStride;
            int ak = kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + ak]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            x = DoubleVector.broadcast(S, a[a1 + ak]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            x = DoubleVector.broadcast(S, a[a2 + ak]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            x = DoubleVector.broadcast(S, a[a3 + ak]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + L);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + L);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + L);
    }

    /** 1 row × 8 vectors (4 panels, {@code panelStride} apart in b): 8 independent accumulators. */
    private static void kernel1x4(int i, int j, int k0, int k1, int n, double[] a, int a0, int acs, double[] b, int bBase, int bStride,
                                  int panelStride, double[] c, int cOff, double[] init, int i0) {
        int c0 = cOff + i * n + j;
        int p1 = panelStride;
        int p2 = 2 * panelStride;
        int p3 = 3 * panelStride;
        DoubleVector r0 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r1 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector r2 = DoubleVector.fromArray(S, init, i0 + 2 * L);
        DoubleVector r3 = DoubleVector.fromArray(S, init, i0 + 3 * L);
        DoubleVector r4 = DoubleVector.fromArray(S, init, i0 + 4 * L);
        DoubleVector r5 = DoubleVector.fromArray(S, init, i0 + 5 * L);
        DoubleVector r6 = DoubleVector.fromArray(S, init, i0 + 6 * L);
        DoubleVector r7 = DoubleVector.fromArray(S, init, i0 + 7 * L);
        for (int kk = k0; kk < k1; kk++) {
            int bk = bBase + kk * bStride;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + kk * acs]);
            r0 = DoubleVector.fromArray(S, b, bk).fma(x, r0);
            r1 = DoubleVector.fromArray(S, b, bk + L).fma(x, r1);
            r2 = DoubleVector.fromArray(S, b, bk + p1).fma(x, r2);
            r3 = DoubleVector.fromArray(S, b, bk + p1 + L).fma(x, r3);
            r4 = DoubleVector.fromArray(S, b, bk + p2).fma(x, r4);
            r5 = DoubleVector.fromArray(S, b, bk + p2 + L).fma(x, r5);
            r6 = DoubleVector.fromArray(S, b, bk + p3).fma(x, r6);
            r7 = DoubleVector.fromArray(S, b, bk + p3 + L).fma(x, r7);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + L);
        r2.intoArray(c, c0 + 2 * L);
        r3.intoArray(c, c0 + 3 * L);
        r4.intoArray(c, c0 + 4 * L);
        r5.intoArray(c, c0 + 5 * L);
        r6.intoArray(c, c0 + 6 * L);
        r7.intoArray(c, c0 + 7 * L);
    }

    private static void kernel1(int i, int j, int k0, int k1, int n, double[] a, int a0, int acs, double[] b, int bBase, int bStride,
                                double[] c, int cOff, double[] init, int i0) {
        int c0 = cOff + i * n + j;
        DoubleVector r0 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r1 = DoubleVector.fromArray(S, init, i0 + L);
        for (int kk = k0; kk < k1; kk++) {
            int bk = bBase + kk * bStride;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + kk * acs]);
            r0 = DoubleVector.fromArray(S, b, bk).fma(x, r0);
            r1 = DoubleVector.fromArray(S, b, bk + L).fma(x, r1);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + L);
    }
}
