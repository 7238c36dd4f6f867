package org.rnnlab.cpu.internal.f64;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products with the JDK Vector API. B is always packed into panels of 4 vectors' width ({@link #pack},
 * {@link #packTransposed}, or up to 2·KC rows at a time inside the product for B given as an array), and a 6-row × 4-vector
 * register-blocked micro-kernel (24 accumulators, FMA; Goto and van de Geijn 2008) streams every panel past 6 rows of A
 * at a time over the whole of k (or of a block of k): those rows stay in L1, and each tile of C is read and written
 * once per block, or only written when the product overwrites C. A is read by strides, so A and Aᵀ products share the kernels. Large products split across the cores by
 * rows, those with few rows by panels.
 *
 * <p>It replaced an 8-row × 2-vector kernel (16 accumulators), which waited on its 8 broadcasts per 16 FMAs; see the
 * README's Benchmarks section for what that changed in {@code ./rnnlab bench}.
 */
public final class VectorGemmF64 implements GemmF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per panel of packed B: 4 vectors. */
    private static final int W = 4 * L;
    /** Rows of A per call of the main kernel. */
    private static final int ROWS = 6;
    /**
     * Rows of B per block of k: B given as an array is packed at most 2·KC rows at a time; packed B goes whole up to 2·KC
     * rows, and a longer k over few panels in blocks of at least KC rows.
     */
    private static final int KC = 512;
    /** Values of B per block of k, at most (beyond KC rows): 512 KiB in float32, within L2. */
    private static final int B_BLOCK = 1 << 17;
    /** Rows of C per tile of the last, narrower panel. */
    private static final int TILE_ROWS = 16 * ROWS;
    /** Panels of B up to which a long k goes in blocks. */
    private static final int BLOCKED_PANELS = 4;
    /** The first accumulators of a product that overwrites C with no row to start from (two panels' width). */
    private static final double[] ZEROS = new double[2 * W];
    /** Multiply-adds below which one thread is faster than two (measured: the per-step products of H 128 stay on one). */
    private static final long PARALLEL_WORK = 1L << 22;

    private final int threads;
    /** Per thread, a block of B given as an array, packed (at most 2·KC rows: it does not grow with k). */
    private final double[][] blocks;
    /** Per thread, TILE_ROWS × W of C for its last, narrower panel when n is not a multiple of W. */
    private final double[][] tiles;
    /** Per thread, a block of that last panel of B given as an array, packed (at most 2·KC × W). */
    private final double[][] tailBlocks;

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
        this.blocks = new double[threads][];
        this.tiles = new double[threads][];
        this.tailBlocks = new double[threads][];
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        run(m, n, k, a, aOff, k, 1, null, b, bOff, null, true, c, cOff);
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        run(m, n, k, a, aOff, k, 1, null, b, bOff, null, false, c, cOff);
    }

    /**
     * Weight gradients ∂W = ∂Yᵀ·X. B (the input or the states, [T·N × X]) is packed a block of k at a time, so the
     * engine's scratch does not grow with the sequence (it would add to the activation memory of every step).
     */
    @Override
    public void multTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        multTransA(m, n, k, a, aOff, m, b, bOff, c, cOff);
    }

    @Override
    public void multTransA(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff) {
        run(m, n, k, a, aOff, 1, lda, null, b, bOff, null, true, c, cOff);
    }

    /**
     * Rows a multiple of 64 values apart (as the G·H-wide gradients of the gates are) put the values of one column,
     * which Aᵀ·B reads for every k, in the same few sets of L1 and L2: 16 values more between rows (a cache line of
     * float32) spread them.
     */
    @Override
    public int leadingDimension(int cols) {
        return cols % 64 == 0 ? cols + 16 : cols;
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, Packed b, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.multAdd(m, n, k, a, aOff, b, c, cOff); // another engine's layout, or the error for a wrong shape
            return;
        }
        run(m, n, k, a, aOff, k, 1, p, null, 0, null, false, c, cOff);
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, int lda, Packed b, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.multAdd(m, n, k, a, aOff, lda, b, c, cOff); // A compacted, then as above
            return;
        }
        run(m, n, k, a, aOff, lda, 1, p, null, 0, null, false, c, cOff);
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, Packed b, double[] rowInit, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.mult(m, n, k, a, aOff, b, rowInit, c, cOff);
            return;
        }
        run(m, n, k, a, aOff, k, 1, p, null, 0, rowInit, true, c, cOff);
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, int lda, Packed b, double[] rowInit, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.mult(m, n, k, a, aOff, lda, b, rowInit, c, cOff);
            return;
        }
        run(m, n, k, a, aOff, lda, 1, p, null, 0, rowInit, true, c, cOff);
    }

    /**
     * Packs B[k×n] into panels of W columns whose k rows are contiguous ([panel][k][W]; the last panel padded with
     * zeros), so that the products stream B sequentially instead of n apart ({@code ./rnnlab bench} with the PyTorch
     * peer: LSTM N16 H512 T25 went from 1.84–1.99× PyTorch's time to 1.53× when the per-step products first read packed
     * weights). B is read in row order. Reuses {@code reuse}'s storage when it fits.
     */
    @Override
    public Packed pack(int k, int n, double[] b, int bOff, Packed reuse) {
        Panels p = Panels.of(k, n, reuse);
        int full = n / W;
        int tail = n - full * W;
        for (int kk = 0; kk < k; kk++) {
            int row = bOff + kk * n;
            for (int q = 0; q < full; q++) {
                System.arraycopy(b, row + q * W, p.data, (q * k + kk) * W, W);
            }
            if (tail > 0) {
                System.arraycopy(b, row + full * W, p.data, (full * k + kk) * W, tail);
            }
        }
        return p;
    }

    /**
     * Packs B = srcᵀ (src stored n×k) straight into panels, with no transposed copy in between (a transpose through
     * memory cost about as much as the input projection it served; without it, {@code RNNLAB_PEERS=1 ./rnnlab bench
     * --cells lstm} put LSTM N16 H512 T25 at 1.38–1.43× PyTorch's time, from 1.53–1.54×). Each panel is read 8 source
     * rows at a time, along k, writing 8 adjacent values of each panel row.
     */
    @Override
    public Packed packTransposed(int k, int n, double[] src, int srcOff, Packed reuse) {
        Panels p = Panels.of(k, n, reuse);
        double[] d = p.data;
        for (int q = 0; q < p.count; q++) {
            int base = q * k * W;
            int width = Math.min(W, n - q * W);
            int col = 0;
            for (; col + 8 <= width; col += 8) {
                int s0 = srcOff + (q * W + col) * k;
                for (int kk = 0; kk < k; kk++) {
                    int at = base + kk * W + col;
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
                int s = srcOff + (q * W + col) * k;
                for (int kk = 0; kk < k; kk++) {
                    d[base + kk * W + col] = src[s + kk];
                }
            }
        }
        return p;
    }

    /** B[k×n] as ⌈n/W⌉ panels of W columns, [panel][k][W]; the columns of the last panel beyond n are zeros. */
    private static final class Panels implements Packed {
        final int k;
        final int n;
        final int count;
        final double[] data;

        private Panels(int k, int n) {
            this.k = k;
            this.n = n;
            this.count = (n + W - 1) / W;
            this.data = new double[count * k * W];
        }

        /** {@code reuse} when it has this shape (its padding is still zeros: packing never writes there), else new. */
        static Panels of(int k, int n, Packed reuse) {
            return reuse instanceof Panels r && r.k == k && r.n == n ? r : new Panels(k, n);
        }
    }

    /**
     * C += A·B, or when {@code overwrite} C = 1·rowInit + A·B (zeros for a null rowInit), with A(i, kk) =
     * a[aOff + i·ars + kk·acs]: row-major A (ars = k, acs = 1) or its transpose (1, m), and B packed ({@code p}) or
     * row-major at {@code b[bOff]}. Large products split across threads by rows; those with few rows (the per-step
     * products of small batches) by panels instead, so that each thread streams only its part of B (a large B is read
     * from memory every step: splitting rows would read it once per thread).
     */
    private void run(int m, int n, int k, double[] a, int aOff, int ars, int acs, Panels p, double[] b, int bOff,
                     double[] rowInit, boolean overwrite, double[] c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
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
        int groups = (m + ROWS - 1) / ROWS;
        int count = (n + W - 1) / W;
        if (this.threads < 2 || (long) m * n * k < PARALLEL_WORK) {
            rows(0, 0, m, 0, count, n, k, a, aOff, ars, acs, p, b, bOff, rowInit, overwrite, c, cOff);
        } else if (groups >= 2 * this.threads) {
            int threads = Math.min(this.threads, groups);
            IntStream.range(0, threads).parallel().forEach(t -> {
                int from = groups * t / threads * ROWS;
                int to = Math.min(m, groups * (t + 1) / threads * ROWS);
                rows(t, from, to, 0, count, n, k, a, aOff, ars, acs, p, b, bOff, rowInit, overwrite, c, cOff);
            });
        } else if (count >= 2) {
            int threads = Math.min(this.threads, count);
            IntStream.range(0, threads).parallel().forEach(t -> rows(t, 0, m, count * t / threads, count * (t + 1) / threads, n, k,
                    a, aOff, ars, acs, p, b, bOff, rowInit, overwrite, c, cOff));
        } else {
            rows(0, 0, m, 0, count, n, k, a, aOff, ars, acs, p, b, bOff, rowInit, overwrite, c, cOff);
        }
    }

    /**
     * C[from..to, panels q0..q1) as {@link #run} describes, on thread {@code slot}. The panels wholly inside C are
     * computed in place; the last, narrower one (when n is not a multiple of W) TILE_ROWS rows at a time in a tile of W
     * columns, whose first columns then go to C. B given as an array is packed a block of at most 2·KC rows at a time
     * (this thread's panels only). The thread's scratch is sized by KC, W and TILE_ROWS, never by m or k: it must not
     * grow with the length of a sequence.
     */
    private void rows(int slot, int from, int to, int q0, int q1, int n, int k, double[] a, int aOff, int ars, int acs, Panels p,
                      double[] b, int bOff, double[] rowInit, boolean overwrite, double[] c, int cOff) {
        int full = Math.min(q1, n / W);
        // A long k over few panels (the weight gradients of H 128 and 256, k = T·N in the thousands) goes in blocks whose
        // rows of B stay in L2 while every row of A passes them; over more panels, blocks measured no faster. B given as
        // an array is packed in blocks of at most 2·KC rows (the scratch must not grow with k), of equal size.
        boolean fewPanels = n <= BLOCKED_PANELS * W;
        int kcMax = p != null ? (k <= 2 * KC || !fewPanels ? k : Math.max(KC, B_BLOCK / n))
                : fewPanels ? Math.min(2 * KC, Math.max(KC, B_BLOCK / n)) : 2 * KC;
        int kBlocks = (k + kcMax - 1) / kcMax;
        int kc = (k + kBlocks - 1) / kBlocks;
        if (q0 < full) {
            double[] block = p == null ? scratch(blocks, slot, kc * (full - q0) * W) : null;
            for (int k0 = 0; k0 < k; k0 += kc) {
                int k1 = Math.min(k, k0 + kc);
                if (p == null) {
                    packBlock(b, bOff, n, k0, k1, q0, full, block);
                }
                // The first block overwriting starts from one row (in = 0): rowInit at the panel's column, or zeros.
                boolean fresh = overwrite && k0 == 0;
                double[] first = fresh ? (rowInit != null ? rowInit : ZEROS) : c;
                int firstStep = fresh && rowInit == null ? 0 : 1;
                panels(from, to, q0, full, k1 - k0, a, aOff + k0 * acs, ars, acs, p != null ? p.data : block, p != null ? k : k1 - k0,
                        p != null ? k0 : 0, p != null ? 0 : q0, c, cOff, n, 0, first, firstStep, !fresh);
            }
        }
        if (q1 > full) {
            int width = n - full * W;
            double[] tile = scratch(tiles, slot, TILE_ROWS * W);
            double[] tailBlock = p == null ? scratch(tailBlocks, slot, kc * W) : null;
            for (int r0 = from; r0 < to; r0 += TILE_ROWS) {
                int r1 = Math.min(to, r0 + TILE_ROWS);
                for (int i = r0; i < r1; i++) {
                    int ci = cOff + i * n + full * W;
                    for (int j = 0; j < W; j++) {
                        tile[(i - r0) * W + j] = j >= width ? 0 : !overwrite ? c[ci + j] : rowInit != null ? rowInit[full * W + j] : 0;
                    }
                }
                for (int k0 = 0; k0 < k; k0 += kc) {
                    int k1 = Math.min(k, k0 + kc);
                    if (p == null) {
                        packBlock(b, bOff, n, k0, k1, full, full + 1, tailBlock);
                    }
                    // Row i of the tile is row i − r0, and its one panel is its column 0.
                    panels(r0, r1, full, full + 1, k1 - k0, a, aOff + k0 * acs, ars, acs, p != null ? p.data : tailBlock,
                            p != null ? k : k1 - k0, p != null ? k0 : 0, p != null ? 0 : full, tile, -r0 * W, W, full * W, tile, 1, true);
                }
                for (int i = r0; i < r1; i++) {
                    System.arraycopy(tile, (i - r0) * W, c, cOff + i * n + full * W, width);
                }
            }
        }
    }

    /** The slot's scratch array of at least {@code size} values. */
    private static double[] scratch(double[][] slots, int slot, int size) {
        if (slots[slot] == null || slots[slot].length < size) {
            slots[slot] = new double[size];
        }
        return slots[slot];
    }

    /** Rows k0..k1 of row-major B[k×n], panels q0..q1, into {@code block} as [panel − q0][row − k0][W] (zero-padded). */
    private static void packBlock(double[] b, int bOff, int n, int k0, int k1, int q0, int q1, double[] block) {
        int rows = k1 - k0;
        for (int kk = k0; kk < k1; kk++) {
            int row = bOff + kk * n;
            for (int q = q0; q < q1; q++) {
                int cols = Math.min(W, n - q * W);
                int at = ((q - q0) * rows + kk - k0) * W;
                System.arraycopy(b, row + q * W, block, at, cols);
                if (cols < W) {
                    java.util.Arrays.fill(block, at + cols, at + W, 0);
                }
            }
        }
    }

    /**
     * C[from..to, panels q0..q1) = init + A·B over kc rows of B, panel q at column q·W − shift of C and at
     * ((q − qBase)·pk + bk0)·W in b. The accumulators start from {@code init}: C itself ({@code fromC}), or the row
     * {@code init} at the panel's column times {@code step} (zeros when step is 0). 6 rows at a time across every panel,
     * then 4 (twice where 6 + 2 would be left), 2, and 1.
     */
    private static void panels(int from, int to, int q0, int q1, int kc, double[] a, int aOff, int ars, int acs, double[] b,
                               int pk, int bk0, int qBase, double[] c, int cOff, int n, int shift, double[] init, int step,
                               boolean fromC) {
        int i = from;
        // 2 rows left over after the 6-row groups go with the last group as 4 + 4 (the 2-row kernel is the least efficient):
        // 8 rows, the per-step products of a batch of 16 on two cores, as 4 + 4.
        int sixes = (to - from) / ROWS - ((to - from) % ROWS == 2 && to - from > ROWS ? 1 : 0);
        for (; i + ROWS <= from + sixes * ROWS; i += ROWS) {
            for (int q = q0; q < q1; q++) {
                int c0 = cOff + i * n + q * W - shift;
                int bp = ((q - qBase) * pk + bk0) * W;
                kernel6(kc, a, aOff + i * ars, ars, acs, b, bp, c, c0, n, init, fromC ? c0 : q * W * step, fromC ? n : 0);
            }
        }
        for (; to - i >= 4; i += 4) {
            for (int q = q0; q < q1; q++) {
                int c0 = cOff + i * n + q * W - shift;
                int bp = ((q - qBase) * pk + bk0) * W;
                kernel4(kc, a, aOff + i * ars, ars, acs, b, bp, c, c0, n, init, fromC ? c0 : q * W * step, fromC ? n : 0);
            }
        }
        if (to - i >= 2) {
            for (int q = q0; q < q1; q++) {
                int c0 = cOff + i * n + q * W - shift;
                int bp = ((q - qBase) * pk + bk0) * W;
                kernel2(kc, a, aOff + i * ars, ars, acs, b, bp, c, c0, n, init, fromC ? c0 : q * W * step, fromC ? n : 0);
            }
            i += 2;
        }
        if (i < to) {
            int q = q0;
            for (; q + 2 <= q1; q += 2) {
                int c0 = cOff + i * n + q * W - shift;
                kernel1x2(kc, a, aOff + i * ars, acs, b, ((q - qBase) * pk + bk0) * W, pk * W, c, c0, init, fromC ? c0 : q * W * step);
            }
            if (q < q1) {
                int c0 = cOff + i * n + q * W - shift;
                kernel1(kc, a, aOff + i * ars, acs, b, ((q - qBase) * pk + bk0) * W, c, c0, init, fromC ? c0 : q * W * step);
            }
        }
    }

    /** 6 rows × 4 vectors (one panel): 24 accumulators of the 32 AVX-512 registers, 4 loads and 6 broadcasts per 24 FMAs. */
    private static void kernel6(int k, double[] a, int a0, int ars, int acs, double[] b, int bp, double[] c, int c0, int n,
                                double[] init, int i0, int in) {
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector r02 = DoubleVector.fromArray(S, init, i0 + 2 * L);
        DoubleVector r03 = DoubleVector.fromArray(S, init, i0 + 3 * L);
        DoubleVector r10 = DoubleVector.fromArray(S, init, i0 + in);
        DoubleVector r11 = DoubleVector.fromArray(S, init, i0 + in + L);
        DoubleVector r12 = DoubleVector.fromArray(S, init, i0 + in + 2 * L);
        DoubleVector r13 = DoubleVector.fromArray(S, init, i0 + in + 3 * L);
        DoubleVector r20 = DoubleVector.fromArray(S, init, i0 + 2 * in);
        DoubleVector r21 = DoubleVector.fromArray(S, init, i0 + 2 * in + L);
        DoubleVector r22 = DoubleVector.fromArray(S, init, i0 + 2 * in + 2 * L);
        DoubleVector r23 = DoubleVector.fromArray(S, init, i0 + 2 * in + 3 * L);
        DoubleVector r30 = DoubleVector.fromArray(S, init, i0 + 3 * in);
        DoubleVector r31 = DoubleVector.fromArray(S, init, i0 + 3 * in + L);
        DoubleVector r32 = DoubleVector.fromArray(S, init, i0 + 3 * in + 2 * L);
        DoubleVector r33 = DoubleVector.fromArray(S, init, i0 + 3 * in + 3 * L);
        DoubleVector r40 = DoubleVector.fromArray(S, init, i0 + 4 * in);
        DoubleVector r41 = DoubleVector.fromArray(S, init, i0 + 4 * in + L);
        DoubleVector r42 = DoubleVector.fromArray(S, init, i0 + 4 * in + 2 * L);
        DoubleVector r43 = DoubleVector.fromArray(S, init, i0 + 4 * in + 3 * L);
        DoubleVector r50 = DoubleVector.fromArray(S, init, i0 + 5 * in);
        DoubleVector r51 = DoubleVector.fromArray(S, init, i0 + 5 * in + L);
        DoubleVector r52 = DoubleVector.fromArray(S, init, i0 + 5 * in + 2 * L);
        DoubleVector r53 = DoubleVector.fromArray(S, init, i0 + 5 * in + 3 * L);
        for (int kk = 0; kk < k; kk++) {
            int bk = bp + kk * W;
            int ak = a0 + kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bk + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bk + 3 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ak]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            r03 = b3.fma(x, r03);
            x = DoubleVector.broadcast(S, a[ak + ars]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            r13 = b3.fma(x, r13);
            x = DoubleVector.broadcast(S, a[ak + 2 * ars]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            r22 = b2.fma(x, r22);
            r23 = b3.fma(x, r23);
            x = DoubleVector.broadcast(S, a[ak + 3 * ars]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
            r32 = b2.fma(x, r32);
            r33 = b3.fma(x, r33);
            x = DoubleVector.broadcast(S, a[ak + 4 * ars]);
            r40 = b0.fma(x, r40);
            r41 = b1.fma(x, r41);
            r42 = b2.fma(x, r42);
            r43 = b3.fma(x, r43);
            x = DoubleVector.broadcast(S, a[ak + 5 * ars]);
            r50 = b0.fma(x, r50);
            r51 = b1.fma(x, r51);
            r52 = b2.fma(x, r52);
            r53 = b3.fma(x, r53);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r03.intoArray(c, c0 + 3 * L);
        r10.intoArray(c, c0 + n);
        r11.intoArray(c, c0 + n + L);
        r12.intoArray(c, c0 + n + 2 * L);
        r13.intoArray(c, c0 + n + 3 * L);
        r20.intoArray(c, c0 + 2 * n);
        r21.intoArray(c, c0 + 2 * n + L);
        r22.intoArray(c, c0 + 2 * n + 2 * L);
        r23.intoArray(c, c0 + 2 * n + 3 * L);
        r30.intoArray(c, c0 + 3 * n);
        r31.intoArray(c, c0 + 3 * n + L);
        r32.intoArray(c, c0 + 3 * n + 2 * L);
        r33.intoArray(c, c0 + 3 * n + 3 * L);
        r40.intoArray(c, c0 + 4 * n);
        r41.intoArray(c, c0 + 4 * n + L);
        r42.intoArray(c, c0 + 4 * n + 2 * L);
        r43.intoArray(c, c0 + 4 * n + 3 * L);
        r50.intoArray(c, c0 + 5 * n);
        r51.intoArray(c, c0 + 5 * n + L);
        r52.intoArray(c, c0 + 5 * n + 2 * L);
        r53.intoArray(c, c0 + 5 * n + 3 * L);
    }

    /** 4 rows × 4 vectors: the rows left after the 6-row groups (4 or 5 of them). */
    private static void kernel4(int k, double[] a, int a0, int ars, int acs, double[] b, int bp, double[] c, int c0, int n,
                                double[] init, int i0, int in) {
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector r02 = DoubleVector.fromArray(S, init, i0 + 2 * L);
        DoubleVector r03 = DoubleVector.fromArray(S, init, i0 + 3 * L);
        DoubleVector r10 = DoubleVector.fromArray(S, init, i0 + in);
        DoubleVector r11 = DoubleVector.fromArray(S, init, i0 + in + L);
        DoubleVector r12 = DoubleVector.fromArray(S, init, i0 + in + 2 * L);
        DoubleVector r13 = DoubleVector.fromArray(S, init, i0 + in + 3 * L);
        DoubleVector r20 = DoubleVector.fromArray(S, init, i0 + 2 * in);
        DoubleVector r21 = DoubleVector.fromArray(S, init, i0 + 2 * in + L);
        DoubleVector r22 = DoubleVector.fromArray(S, init, i0 + 2 * in + 2 * L);
        DoubleVector r23 = DoubleVector.fromArray(S, init, i0 + 2 * in + 3 * L);
        DoubleVector r30 = DoubleVector.fromArray(S, init, i0 + 3 * in);
        DoubleVector r31 = DoubleVector.fromArray(S, init, i0 + 3 * in + L);
        DoubleVector r32 = DoubleVector.fromArray(S, init, i0 + 3 * in + 2 * L);
        DoubleVector r33 = DoubleVector.fromArray(S, init, i0 + 3 * in + 3 * L);
        for (int kk = 0; kk < k; kk++) {
            int bk = bp + kk * W;
            int ak = a0 + kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bk + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bk + 3 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ak]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            r03 = b3.fma(x, r03);
            x = DoubleVector.broadcast(S, a[ak + ars]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            r13 = b3.fma(x, r13);
            x = DoubleVector.broadcast(S, a[ak + 2 * ars]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            r22 = b2.fma(x, r22);
            r23 = b3.fma(x, r23);
            x = DoubleVector.broadcast(S, a[ak + 3 * ars]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
            r32 = b2.fma(x, r32);
            r33 = b3.fma(x, r33);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r03.intoArray(c, c0 + 3 * L);
        r10.intoArray(c, c0 + n);
        r11.intoArray(c, c0 + n + L);
        r12.intoArray(c, c0 + n + 2 * L);
        r13.intoArray(c, c0 + n + 3 * L);
        r20.intoArray(c, c0 + 2 * n);
        r21.intoArray(c, c0 + 2 * n + L);
        r22.intoArray(c, c0 + 2 * n + 2 * L);
        r23.intoArray(c, c0 + 2 * n + 3 * L);
        r30.intoArray(c, c0 + 3 * n);
        r31.intoArray(c, c0 + 3 * n + L);
        r32.intoArray(c, c0 + 3 * n + 2 * L);
        r33.intoArray(c, c0 + 3 * n + 3 * L);
    }

    /** 2 rows × 4 vectors: the rows left after the 6-row groups (2 or 3 of them). */
    private static void kernel2(int k, double[] a, int a0, int ars, int acs, double[] b, int bp, double[] c, int c0, int n,
                                double[] init, int i0, int in) {
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector r02 = DoubleVector.fromArray(S, init, i0 + 2 * L);
        DoubleVector r03 = DoubleVector.fromArray(S, init, i0 + 3 * L);
        DoubleVector r10 = DoubleVector.fromArray(S, init, i0 + in);
        DoubleVector r11 = DoubleVector.fromArray(S, init, i0 + in + L);
        DoubleVector r12 = DoubleVector.fromArray(S, init, i0 + in + 2 * L);
        DoubleVector r13 = DoubleVector.fromArray(S, init, i0 + in + 3 * L);
        for (int kk = 0; kk < k; kk++) {
            int bk = bp + kk * W;
            int ak = a0 + kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bk + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bk + 3 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ak]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            r03 = b3.fma(x, r03);
            x = DoubleVector.broadcast(S, a[ak + ars]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            r13 = b3.fma(x, r13);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r03.intoArray(c, c0 + 3 * L);
        r10.intoArray(c, c0 + n);
        r11.intoArray(c, c0 + n + L);
        r12.intoArray(c, c0 + n + 2 * L);
        r13.intoArray(c, c0 + n + 3 * L);
    }

    /** 1 row × 8 vectors (two panels, ps apart in b): 8 independent accumulators hide the FMA latency. */
    private static void kernel1x2(int k, double[] a, int a0, int acs, double[] b, int bp, int ps, double[] c, int c0,
                                  double[] init, int i0) {
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector r02 = DoubleVector.fromArray(S, init, i0 + 2 * L);
        DoubleVector r03 = DoubleVector.fromArray(S, init, i0 + 3 * L);
        DoubleVector r04 = DoubleVector.fromArray(S, init, i0 + 4 * L);
        DoubleVector r05 = DoubleVector.fromArray(S, init, i0 + 5 * L);
        DoubleVector r06 = DoubleVector.fromArray(S, init, i0 + 6 * L);
        DoubleVector r07 = DoubleVector.fromArray(S, init, i0 + 7 * L);
        for (int kk = 0; kk < k; kk++) {
            int bk = bp + kk * W;
            int ak = a0 + kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bk + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bk + 3 * L);
            DoubleVector b4 = DoubleVector.fromArray(S, b, bk + ps);
            DoubleVector b5 = DoubleVector.fromArray(S, b, bk + ps + L);
            DoubleVector b6 = DoubleVector.fromArray(S, b, bk + ps + 2 * L);
            DoubleVector b7 = DoubleVector.fromArray(S, b, bk + ps + 3 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ak]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            r03 = b3.fma(x, r03);
            r04 = b4.fma(x, r04);
            r05 = b5.fma(x, r05);
            r06 = b6.fma(x, r06);
            r07 = b7.fma(x, r07);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r03.intoArray(c, c0 + 3 * L);
        r04.intoArray(c, c0 + 4 * L);
        r05.intoArray(c, c0 + 5 * L);
        r06.intoArray(c, c0 + 6 * L);
        r07.intoArray(c, c0 + 7 * L);
    }

    /** 1 row × 4 vectors: the last panel of a single row when the panels are odd in number. */
    private static void kernel1(int k, double[] a, int a0, int acs, double[] b, int bp, double[] c, int c0, double[] init,
                                int i0) {
        DoubleVector r00 = DoubleVector.fromArray(S, init, i0);
        DoubleVector r01 = DoubleVector.fromArray(S, init, i0 + L);
        DoubleVector r02 = DoubleVector.fromArray(S, init, i0 + 2 * L);
        DoubleVector r03 = DoubleVector.fromArray(S, init, i0 + 3 * L);
        for (int kk = 0; kk < k; kk++) {
            int bk = bp + kk * W;
            int ak = a0 + kk * acs;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bk + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bk + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bk + 3 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[ak]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            r03 = b3.fma(x, r03);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r03.intoArray(c, c0 + 3 * L);
    }
}
