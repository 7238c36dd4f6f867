package org.rnnlab.cpu.internal.f64;

import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import org.rnnlab.cpu.internal.Alignment;
import org.rnnlab.cpu.internal.RegisterBlocking;

/**
 * Matrix products with the JDK Vector API (Goto and van de Geijn 2008). B is always packed into panels of W columns
 * ({@link #pack}, {@link #packTransposed}, or up to 2·KC rows at a time inside the product for B given as an array);
 * register-blocked micro-kernels ({@link MicroKernelsF64}, generated) stream a panel past a group of rows of A over a
 * block of k: those rows stay in L1, and each tile of C is read and written once per block, or only written when the
 * product overwrites C. The panels go in chunks of {@link #CHUNK} values that every group of a block of rows passes
 * before the next chunk: the chunk is read from L2, B from farther only once per block of rows. The blocking, and so
 * W, comes from the machine's vector registers ({@link RegisterBlocking}): 6 rows × 2 vectors with A packed on 16
 * registers (x86 AVX2), 6 × 4 with A read in place on 32. Large products split across the cores by rows, those with
 * few rows by panels; {@link #columns} gives engines for a column split made by the caller.
 *
 * <p>Every element of C is its start (C itself, a row such as a bias, or zero) plus A·B summed in k order with one fused
 * multiply-add per k: the same bits whatever the blocking, the blocks of k or the number of threads.
 *
 * <p>One instance serves one calling thread at a time: the product's description and each thread's operands live in
 * the instance and are reused, so that a product allocates nothing (the per-step products of a long sequence run
 * thousands of times per pass).
 */
public final class VectorGemmF64 implements GemmF64 {
    private static final int L = MicroKernelsF64.L;
    private static final RegisterBlocking BLOCKING = RegisterBlocking.machine();
    private static final boolean SIXTEEN = BLOCKING == RegisterBlocking.SIXTEEN;
    /** Columns per panel of packed B: the blocking's vectors. */
    private static final int W = BLOCKING.vectors() * L;
    /** Bytes per value. */
    private static final int BYTES = MicroKernelsF64.S.elementSize() / 8;
    /** Values per cache line: the room packed B leaves to start its panels on a line ({@link Alignment}). */
    private static final int LINE_VALUES = Alignment.LINE / BYTES;
    /** Rows of A per call of the main kernel. */
    private static final int ROWS = BLOCKING.rows();
    /**
     * Rows of B per block of k: B given as an array is packed at most 2·KC rows at a time; packed B goes whole up to 2·KC
     * rows, and a longer k over few panels in blocks of at least KC rows.
     */
    private static final int KC = 512;
    /** Values of B per block of k, at most (beyond KC rows): 512 KiB in float32, within L2. */
    private static final int B_BLOCK = 1 << 17;
    /**
     * Values of packed B per chunk of panels that a block of rows of A passes before the next chunk (256 KiB: within
     * L2 beside the block of A). On a core whose L3 delivers fewer bytes a cycle than the kernels read (Intel's server
     * parts with two 512-bit FMA units), panels streamed from L3 past one group of rows at a time ran at 0.55–0.65× the
     * speed (GemmPairBenchmark, 32 registers; 0.8–0.9× on 16, whose kernels read half the bytes a cycle); chunks of
     * 128 KiB and 512 KiB measured slower than 256 KiB.
     */
    private static final int CHUNK = (256 << 10) * 8 / MicroKernelsF64.S.elementSize();
    /** Groups of rows per block of A that the chunks of B pass (96 rows: 192 KiB of float32 A at k 512). */
    private static final int ROW_BLOCK = 16;
    /** Rows of C per tile of the last, narrower panel. */
    private static final int TILE_ROWS = 16 * ROWS;
    /** Columns of B up to which a long k goes in blocks: rows of B of at most 1 KiB (256 float32, 128 float64). */
    private static final int BLOCKED_COLUMNS = 1024 * 8 / MicroKernelsF64.S.elementSize();
    /** The start of a product that overwrites C with no row to start from: 8 vectors, the widest kernel's row. */
    private static final double[] ZEROS = new double[8 * L];
    /** Multiply-adds below which one thread is faster than two (measured: the per-step products of H 128 stay on one). */
    private static final long PARALLEL_WORK = 1L << 22;

    private final int threads;
    /** Of the columns of C: this engine computes the panels of part {@link #columnPart} of {@link #columnParts} (1: all). */
    private final int columnPart;
    private final int columnParts;
    /** The product being computed: set by the public methods, read by every thread. */
    private final Call call = new Call();
    /** Per thread: its operands for the kernels and its scratch. */
    private final Slot[] slots;
    /** Per thread: its share of a parallel block, a task forked again for every block. */
    private final Part[] tasks;
    /** The first n parts, for n threads: what {@link ForkJoinTask#invokeAll(ForkJoinTask[])} takes. */
    private final Part[][] partsOf;
    /** A block of B given as an array, packed once for every thread (at most 2·KC rows: it does not grow with k). */
    private double[] shared;
    /** {@link #shared}, held for {@link Alignment#lineOffset}. */
    private final Object[] sharedReference = new Object[1];

    /** Products that use every core when large enough. */
    public VectorGemmF64() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Products on at most {@code threads} threads (1: the calling thread only, for callers already in parallel). */
    public VectorGemmF64(int threads) {
        this(threads, 0, 1);
    }

    private VectorGemmF64(int threads, int part, int parts) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts + " is not a part: need 0 <= part < parts");
        }
        this.threads = threads;
        this.columnPart = part;
        this.columnParts = parts;
        this.slots = new Slot[threads];
        this.tasks = new Part[threads];
        this.partsOf = new Part[threads + 1][];
        for (int t = 0; t < threads; t++) {
            slots[t] = new Slot();
            tasks[t] = new Part(slots[t]);
            partsOf[t + 1] = java.util.Arrays.copyOf(tasks, t + 1);
        }
    }

    /**
     * One thread computing, of every product's C, the columns of panels [⌊count·part/parts⌋, ⌊count·(part+1)/parts⌋)
     * only ({@code count} = ⌈n/W⌉ panels): parts of a product run on such engines, one per thread, cover C once.
     */
    @Override
    public GemmF64 columns(int part, int parts) {
        return new VectorGemmF64(1, part, parts);
    }

    /** The register blocking of this JVM's products (for reports). */
    public static RegisterBlocking blocking() {
        return BLOCKING;
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        run(call.shape(m, n, k).rowMajorA(a, aOff, k).arrayB(b, bOff).into(c, cOff).startAtZero());
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        run(call.shape(m, n, k).rowMajorA(a, aOff, k).arrayB(b, bOff).into(c, cOff).accumulate());
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
        run(call.shape(m, n, k).transposedA(a, aOff, lda).arrayB(b, bOff).into(c, cOff).startAtZero());
    }

    /**
     * One product over the columns of both sides, the side whose width is a whole number of panels first (so that no
     * panel spans the two), when either is: A is then copied once per block of rows for both, and each block of k is
     * one pass of the threads instead of two (GemmPairBenchmark {@code pair} against a build with two products, medians on
     * the Zen 5, 512-bit / AVX2: 0.87 / 0.93× the time at m 256, n 256 + 256, k 3200; 0.93 / 0.94× at m 1024,
     * n 256 + 256, k 1600; 0.95 / 0.97× at m 512, n 128 + 128, k 3200). Otherwise two products.
     */
    @Override
    public void multTransA(int m, int k, double[] a, int aOff, int lda, Side first, Side second) {
        Side left = first.n() > 0 && first.n() % W == 0 ? first : second.n() > 0 && second.n() % W == 0 ? second : null;
        if (left == null || first.n() == 0 || second.n() == 0) {
            GemmF64.super.multTransA(m, k, a, aOff, lda, first, second);
            return;
        }
        Side right = left == first ? second : first;
        run(call.shape(m, left.n() + right.n(), k).transposedA(a, aOff, lda).arrayB(left.b(), left.bOff())
                .into(left.c(), left.cOff()).alongside(left.n(), right.b(), right.bOff(), right.c(), right.cOff()).startAtZero());
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
        run(call.shape(m, n, k).rowMajorA(a, aOff, k).packedB(p).into(c, cOff).accumulate());
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, int lda, Packed b, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.multAdd(m, n, k, a, aOff, lda, b, c, cOff); // another engine's layout, or the error for a wrong shape
            return;
        }
        run(call.shape(m, n, k).rowMajorA(a, aOff, lda).packedB(p).into(c, cOff).accumulate());
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, Packed b, double[] rowInit, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.mult(m, n, k, a, aOff, b, rowInit, c, cOff);
            return;
        }
        Call product = call.shape(m, n, k).rowMajorA(a, aOff, k).packedB(p).into(c, cOff);
        run(rowInit != null ? product.startAtRow(rowInit) : product.startAtZero());
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, int lda, Packed b, double[] rowInit, double[] c, int cOff) {
        if (!(b instanceof Panels p) || p.k != k || p.n != n) {
            GemmF64.super.mult(m, n, k, a, aOff, lda, b, rowInit, c, cOff);
            return;
        }
        Call product = call.shape(m, n, k).rowMajorA(a, aOff, lda).packedB(p).into(c, cOff);
        run(rowInit != null ? product.startAtRow(rowInit) : product.startAtZero());
    }

    /**
     * Packs B[k×n] into panels of W columns whose k rows are contiguous ([panel][k][W]; the last panel padded with
     * zeros), so that the products stream B sequentially instead of n apart. B is read in row order. Reuses
     * {@code reuse}'s storage when it fits.
     */
    @Override
    public Packed pack(int k, int n, double[] b, int bOff, Packed reuse) {
        Panels p = Panels.of(k, n, reuse);
        int full = n / W;
        int tail = n - full * W;
        for (int kk = 0; kk < k; kk++) {
            int row = bOff + kk * n;
            for (int q = 0; q < full; q++) {
                System.arraycopy(b, row + q * W, p.data, p.origin + (q * k + kk) * W, W);
            }
            if (tail > 0) {
                System.arraycopy(b, row + full * W, p.data, p.origin + (full * k + kk) * W, tail);
            }
        }
        return p;
    }

    /**
     * Packs B = srcᵀ (src stored n×k) straight into panels, with no transposed copy in between (a transpose through
     * memory cost about as much as the input projection it served). Each panel is read 8 source rows at a time, along k,
     * writing 8 adjacent values of each panel row.
     */
    @Override
    public Packed packTransposed(int k, int n, double[] src, int srcOff, Packed reuse) {
        Panels p = Panels.of(k, n, reuse);
        double[] d = p.data;
        for (int q = 0; q < p.count; q++) {
            int base = p.origin + q * k * W;
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
        /** {@link #data}, held for {@link Alignment#lineOffset}. */
        private final Object[] reference;
        /** Where panel 0 starts in {@link #data}: on a cache line when the JVM tells where the array lies. */
        int origin;

        private Panels(int k, int n) {
            this.k = k;
            this.n = n;
            this.count = (n + W - 1) / W;
            this.data = new double[count * k * W + LINE_VALUES];
            this.reference = new Object[] {data};
            this.origin = Alignment.lineOffset(reference, BYTES);
        }

        /**
         * {@code reuse} when it has this shape (its padding is still zeros: packing never writes there), else new; if the
         * collector moved a reused array off its line, its panels move to the new line and the rest is cleared.
         */
        static Panels of(int k, int n, Packed reuse) {
            if (!(reuse instanceof Panels r) || r.k != k || r.n != n) {
                return new Panels(k, n);
            }
            int origin = Alignment.lineOffset(r.reference, BYTES);
            if (origin != r.origin) {
                java.util.Arrays.fill(r.data, 0);
                r.origin = origin;
            }
            return r;
        }
    }

    /** Where each accumulator of a product starts. */
    private enum StartFrom {
        /** C's own values (C += A·B). */
        C,
        /** A row of n values, the same for every row of C (C = 1·row + A·B: a bias). */
        ROW,
        /** Zero (C = A·B). */
        ZERO
    }

    /**
     * One product C[m×n] = start + A·B as the public methods describe it: A(i, kk) = a[aOff + i·aRowStride +
     * kk·aColStride] (row-major A, or its transpose), B packed or row-major at {@code b[bOff]}, C row-major at
     * {@code c[cOff]}; or, from column {@link #split} on, B and C given as a second pair of arrays (two products over
     * one A: {@link #alongside}). Set by the calling thread before the product, read by every thread of it.
     */
    private static final class Call {
        int m;
        int n;
        int k;
        double[] a;
        int aOff;
        int aRowStride;
        int aColStride;
        Panels packed;
        double[] b;
        int bOff;
        double[] c;
        int cOff;
        /**
         * The columns [split, n) of B and C, when not n: in {@link #b2} and {@link #c2}, rows n − split apart (and those of
         * {@link #b} and {@link #c} split apart).
         */
        int split;
        double[] b2;
        int b2Off;
        double[] c2;
        int c2Off;
        StartFrom start;
        double[] row;
        /** The block of k being computed, set by {@link #run} before each block. */
        final DepthBlock block = new DepthBlock();

        /** Groups of {@link #ROWS} rows of C (the last may be short). */
        int groups() {
            return (m + ROWS - 1) / ROWS;
        }

        /** Panels of W columns of C (the last may be narrower). */
        int panels() {
            return (n + W - 1) / W;
        }

        Call shape(int rows, int cols, int depth) {
            m = rows;
            n = cols;
            k = depth;
            return this;
        }

        /** A row-major, its rows {@code lda} apart. */
        Call rowMajorA(double[] array, int offset, int lda) {
            a = array;
            aOff = offset;
            aRowStride = lda;
            aColStride = 1;
            return this;
        }

        /** A given as its transpose, stored k × m with rows {@code lda} apart. */
        Call transposedA(double[] array, int offset, int lda) {
            a = array;
            aOff = offset;
            aRowStride = 1;
            aColStride = lda;
            return this;
        }

        Call packedB(Panels panels) {
            packed = panels;
            b = null;
            return this;
        }

        /** B row-major [k × n] from {@code offset}. */
        Call arrayB(double[] array, int offset) {
            packed = null;
            b = array;
            bOff = offset;
            return this;
        }

        /** C row-major [m × n] from {@code offset}: one product, unless {@link #alongside} follows. */
        Call into(double[] array, int offset) {
            c = array;
            cOff = offset;
            split = n;
            b2 = null;
            c2 = null;
            return this;
        }

        /**
         * Columns [from, n) of B and C in other arrays: B's at {@code bRight[bRightOff]} and C's at {@code cRight[cRightOff]},
         * rows n − from apart, where the first arrays (B given as an array) now hold columns [0, from), rows from apart.
         * {@code from} is a whole number of panels, so that no panel spans the two.
         */
        Call alongside(int from, double[] bRight, int bRightOff, double[] cRight, int cRightOff) {
            split = from;
            b2 = bRight;
            b2Off = bRightOff;
            c2 = cRight;
            c2Off = cRightOff;
            return this;
        }

        /** The array holding column j of C (and of B given as an array). */
        double[] outputOf(int j) {
            return j < split ? c : c2;
        }

        /** Where C(i, j) is in {@link #outputOf}(j). */
        int indexOf(int i, int j) {
            return j < split ? cOff + i * split + j : c2Off + i * (n - split) + j - split;
        }

        /** The row stride of C at column j. */
        int rowStrideOf(int j) {
            return j < split ? split : n - split;
        }

        /** The first panel of the columns from {@link #split} on (past the last panel when there are none). */
        int splitPanel() {
            return split < n ? split / W : panels();
        }

        Call accumulate() {
            start = StartFrom.C;
            row = null;
            return this;
        }

        Call startAtRow(double[] values) {
            start = StartFrom.ROW;
            row = values;
            return this;
        }

        Call startAtZero() {
            start = StartFrom.ZERO;
            row = null;
            return this;
        }
    }

    /**
     * The block of k a product is at: rows [k0, k0 + depth) of B as panels, panel q at {@code panels[base + q·panelStride]}
     * with its rows W apart (B's own packing, or B given as an array packed for this block).
     */
    static final class DepthBlock {
        int k0;
        int depth;
        double[] panels;
        int base;
        int panelStride;
    }

    /** A(i, kk) = array[base + i·rowStride + kk·colStride]: the rows of A a block reads, from its first k. */
    static final class LeftOperand {
        double[] array;
        int base;
        int rowStride;
        int colStride;

        void set(double[] values, int first, int rows, int cols) {
            array = values;
            base = first;
            rowStride = rows;
            colStride = cols;
        }
    }

    /** Packed panels of B for one block of k: panel q starts at array[base + q·panelStride], its k rows W apart. */
    static final class PanelBlock {
        double[] array;
        int base;
        int panelStride;

        void set(double[] values, int first, int stride) {
            array = values;
            base = first;
            panelStride = stride;
        }
    }

    /** C(i, q·W + j) at array[base + i·rowStride + q·W + j]. */
    static final class OutputTile {
        double[] array;
        int base;
        int rowStride;

        void set(double[] values, int first, int stride) {
            array = values;
            base = first;
            rowStride = stride;
        }
    }

    /** The accumulators of row i, panel q start from array[base + i·rowStride + q·panelStep …]. */
    static final class StartValues {
        double[] array;
        int base;
        int rowStride;
        int panelStep;

        void set(double[] values, int first, int stride, int step) {
            array = values;
            base = first;
            rowStride = stride;
            panelStep = step;
        }
    }

    /**
     * One thread's part of a product: the block the kernels compute next (rows [rowFrom, rowTo), panels
     * [panelFrom, panelTo), {@code depth} rows of B) with its operands, and the thread's scratch. The scratch is sized
     * by KC, W and TILE_ROWS, never by m or k: it must not grow with the length of a sequence.
     */
    static final class Slot {
        final LeftOperand a = new LeftOperand();
        final PanelBlock b = new PanelBlock();
        final OutputTile c = new OutputTile();
        final StartValues start = new StartValues();
        int rowFrom;
        int rowTo;
        int panelFrom;
        int panelTo;
        int depth;
        /** Whether the driver packs A (16-register blocking), or reads what a call over the same rows packed. */
        boolean packA;
        /** A group of A's rows as [k][rows] (16-register blocking). */
        private double[] packedA;
        /** A block of rows of A given as its transpose, copied with the rows adjacent ({@link #copyRows}). */
        private double[] rowsOfA;
        /** TILE_ROWS × W of C for the last, narrower panel when n is not a multiple of W. */
        private double[] tile;

        double[] packedA(int size) {
            if (packedA == null || packedA.length < size) {
                packedA = new double[size];
            }
            return packedA;
        }

        private static double[] grown(double[] current, int size) {
            return current == null || current.length < size ? new double[size] : current;
        }
    }

    /**
     * Runs the product in {@link #call}, a block of k at a time. B given as an array is packed once per block, by the
     * calling thread, into panels that every thread then reads. Large products split across threads by rows; those with
     * few rows (the per-step products of small batches) by panels instead, so that each thread streams only its part of
     * B (a large B is read from memory every step: splitting rows would read it once per thread).
     */
    private void run(Call p) {
        int m = p.m;
        int n = p.n;
        int k = p.k;
        if (m == 0 || n == 0) {
            return;
        }
        int count = p.panels();
        int q0 = (int) ((long) count * columnPart / columnParts);
        int q1 = (int) ((long) count * (columnPart + 1) / columnParts);
        if (q0 >= q1) {
            return; // more parts than panels: this one has none
        }
        if (k == 0) {
            if (p.start != StartFrom.C) {
                for (int i = 0; i < m; i++) {
                    for (int j = q0 * W; j < Math.min(n, q1 * W); j++) {
                        p.outputOf(j)[p.indexOf(i, j)] = p.start == StartFrom.ROW ? p.row[j] : 0;
                    }
                }
            }
            return;
        }
        int groups = p.groups();
        // A long k over few columns (the weight gradients of H 128 and 256, k = T·N in the thousands) goes in blocks whose
        // rows of B stay in L2 while every row of A passes them; over more columns, blocks measured no faster. B given as
        // an array is packed in blocks of at most 2·KC rows (the scratch must not grow with k), of equal size.
        boolean fewColumns = n <= BLOCKED_COLUMNS;
        int kcMax = p.packed != null ? (k <= 2 * KC ? k : !fewColumns ? 2 * KC : Math.max(KC, B_BLOCK / n))
                : fewColumns ? Math.min(2 * KC, Math.max(KC, B_BLOCK / n)) : 2 * KC;
        int kBlocks = (k + kcMax - 1) / kcMax;
        int kc = (k + kBlocks - 1) / kBlocks;
        boolean parallel = this.threads >= 2 && (long) m * n * k >= PARALLEL_WORK;
        int parts = !parallel ? 1 : groups >= 2 * this.threads ? Math.min(this.threads, groups) : Math.min(this.threads, count);
        DepthBlock block = p.block;
        for (int k0 = 0; k0 < k; k0 += kc) {
            block.k0 = k0;
            block.depth = Math.min(kc, k - k0);
            if (p.packed != null) {
                block.panels = p.packed.data;
                block.base = p.packed.origin + k0 * W;
                block.panelStride = k * W;
            } else {
                if (shared == null || shared.length < count * block.depth * W + LINE_VALUES) {
                    shared = new double[count * block.depth * W + LINE_VALUES];
                    sharedReference[0] = shared;
                }
                block.panels = shared;
                block.base = Alignment.lineOffset(sharedReference, BYTES);
                block.panelStride = block.depth * W;
                packBlock(p);
            }
            if (columnParts > 1) {
                tasks[0].ofRows(0, m).ofPanels(q0, q1).compute();
            } else {
                inParts(p, parts);
            }
        }
    }

    /**
     * One block of k on {@code parts} threads: by rows when there are rows for each, else by panels. The parts are tasks
     * made once and forked again for every block (a parallel stream would allocate its pipeline every time).
     */
    private void inParts(Call p, int parts) {
        if (parts < 2) {
            tasks[0].ofRows(0, p.m).ofPanels(0, p.panels()).compute();
            return;
        }
        boolean byRows = p.groups() >= 2 * this.threads;
        for (int t = 0; t < parts; t++) {
            Part part = tasks[t];
            part.reinitialize();
            if (byRows) {
                int groups = p.groups();
                part.ofRows((int) ((long) groups * t / parts) * ROWS, Math.min(p.m, (int) ((long) groups * (t + 1) / parts) * ROWS))
                        .ofPanels(0, p.panels());
            } else {
                part.ofRows(0, p.m).ofPanels((int) ((long) p.panels() * t / parts), (int) ((long) p.panels() * (t + 1) / parts));
            }
        }
        ForkJoinTask.invokeAll(partsOf[parts]);
    }

    /** A thread's share of one block of a product: rows [from, to) × panels [q0, q1) of C, on the slot of its index. */
    private final class Part extends RecursiveAction {
        private final Slot slot;
        private int from;
        private int to;
        private int q0;
        private int q1;

        Part(Slot slot) {
            this.slot = slot;
        }

        /** Rows [fromRow, toRow) of C. */
        Part ofRows(int fromRow, int toRow) {
            from = fromRow;
            to = toRow;
            return this;
        }

        /** Panels [firstPanel, endPanel) of C. */
        Part ofPanels(int firstPanel, int endPanel) {
            q0 = firstPanel;
            q1 = endPanel;
            return this;
        }

        @Override
        protected void compute() {
            rows(slot, call, from, to, q0, q1);
        }
    }

    /**
     * Rows [from, to) × panels [q0, q1) of C over the call's block of k ({@link Call#block}), on the thread that owns
     * slot {@code s}. The first block of a product
     * that overwrites C starts from its row (or zeros), the others from C. The panels wholly inside C are computed in
     * place; the last, narrower one (when n is not a multiple of W) TILE_ROWS rows at a time in a tile of W columns,
     * whose first columns then go to C.
     */
    private static void rows(Slot s, Call p, int from, int to, int q0, int q1) {
        int n = p.n;
        int full = Math.min(q1, n / W);
        DepthBlock block = p.block;
        boolean fresh = block.k0 == 0 && p.start != StartFrom.C;
        s.b.set(block.panels, block.base, block.panelStride);
        if (q0 < full) {
            if (fresh && p.start == StartFrom.ROW) {
                s.start.set(p.row, 0, 0, W);
            } else if (fresh) {
                s.start.set(ZEROS, 0, 0, 0);
            }
            int second = p.splitPanel();
            // B in chunks of panels that stay in L2 while every group of a block of rows passes them, and the block's
            // rows of A (packed once, on 16 registers) stay in L2 while the chunks pass.
            int chunk = Math.max(1, CHUNK / (block.depth * W));
            int groups = (to - from + ROWS - 1) / ROWS;
            int rowBlocks = (groups + ROW_BLOCK - 1) / ROW_BLOCK;
            for (int rb = 0; rb < rowBlocks; rb++) {
                int r0 = from + (int) ((long) groups * rb / rowBlocks) * ROWS;
                int r1 = Math.min(to, from + (int) ((long) groups * (rb + 1) / rowBlocks) * ROWS);
                if (p.aRowStride == 1 && p.aColStride != 1) {
                    copyRows(s, p, r0, r1);
                } else {
                    inPlaceA(s, p);
                }
                for (int c0 = q0, c1; c0 < full; c0 = c1) {
                    c1 = Math.min(full, c0 + chunk);
                    if (c0 < second && c1 > second) {
                        c1 = second; // a chunk writes one of the two Cs
                    }
                    // C(i, q·W + j) at array[base + i·rowStride + q·W + j], in whichever C holds panel c0.
                    int base = p.indexOf(0, c0 * W) - c0 * W;
                    s.c.set(p.outputOf(c0 * W), base, p.rowStrideOf(c0 * W));
                    if (!fresh) {
                        s.start.set(p.outputOf(c0 * W), base, p.rowStrideOf(c0 * W), W);
                    }
                    s.packA = c0 == q0;
                    kernels(s, p, r0, r1, c0, c1);
                }
            }
        }
        if (q1 > full) {
            int width = n - full * W;
            double[] out = p.outputOf(full * W);
            double[] tile = s.tile = Slot.grown(s.tile, TILE_ROWS * W);
            for (int r0 = from; r0 < to; r0 += TILE_ROWS) {
                int r1 = Math.min(to, r0 + TILE_ROWS);
                for (int i = r0; i < r1; i++) {
                    int ci = p.indexOf(i, full * W);
                    for (int j = 0; j < W; j++) {
                        tile[(i - r0) * W + j] = j >= width ? 0 : !fresh ? out[ci + j] : p.start == StartFrom.ROW ? p.row[full * W + j] : 0;
                    }
                }
                // Row i of the tile is row i − r0, and its one panel (panel `full` of C) is its column 0.
                s.c.set(tile, -r0 * W - full * W, W);
                s.start.set(tile, -r0 * W - full * W, W, W);
                s.packA = true;
                inPlaceA(s, p);
                kernels(s, p, r0, r1, full, full + 1);
                for (int i = r0; i < r1; i++) {
                    System.arraycopy(tile, (i - r0) * W, out, p.indexOf(i, full * W), width);
                }
            }
        }
    }

    /** Rows [from, to) × panels [q0, q1) over the call's block of k, with the slot's B, C and start. */
    private static void kernels(Slot s, Call p, int from, int to, int q0, int q1) {
        s.rowFrom = from;
        s.rowTo = to;
        s.panelFrom = q0;
        s.panelTo = q1;
        s.depth = p.block.depth;
        if (SIXTEEN) {
            MicroKernelsF64.block16(s);
        } else {
            MicroKernelsF64.block32(s);
        }
    }

    /** The slot's A: the call's own, from the block of k on. */
    private static void inPlaceA(Slot s, Call p) {
        s.a.set(p.a, p.aOff + p.block.k0 * p.aColStride, p.aRowStride, p.aColStride);
    }

    /**
     * Rows [r0, r1) of A given as its transpose (A(i, kk) on row kk of the stored array, whose rows are G·H values
     * apart in the weight gradients: kilobytes) copied for the block of k into the slot's scratch with the rows of the
     * copy r1 − r0 apart: every chunk of panels then reads A from a few pages instead of a page or two per k
     * (GemmPairBenchmark: 4–19% less time for the weight gradients of H 128–512, both blockings).
     */
    private static void copyRows(Slot s, Call p, int r0, int r1) {
        int rows = r1 - r0;
        int depth = p.block.depth;
        double[] copy = s.rowsOfA = Slot.grown(s.rowsOfA, rows * depth);
        int from = p.aOff + p.block.k0 * p.aColStride + r0;
        for (int kk = 0; kk < depth; kk++) {
            System.arraycopy(p.a, from + kk * p.aColStride, copy, kk * rows, rows);
        }
        s.a.set(copy, -r0, 1, rows);
    }

    /**
     * The call's block of k of row-major B (given as an array, or two side by side) into its panels, [panel][row − k0][W],
     * zero-padded.
     */
    private static void packBlock(Call p) {
        DepthBlock block = p.block;
        int n = p.n;
        int count = p.panels();
        int second = p.splitPanel();
        for (int kk = block.k0; kk < block.k0 + block.depth; kk++) {
            int row = p.bOff + kk * p.split;
            int rowRight = p.b2Off + kk * (n - p.split) - p.split;
            for (int q = 0; q < count; q++) {
                int cols = Math.min(W, (q < second ? p.split : n) - q * W);
                int at = block.base + q * block.panelStride + (kk - block.k0) * W;
                if (q < second) {
                    System.arraycopy(p.b, row + q * W, block.panels, at, cols);
                } else {
                    System.arraycopy(p.b2, rowRight + q * W, block.panels, at, cols);
                }
                if (cols < W) {
                    java.util.Arrays.fill(block.panels, at + cols, at + W, 0);
                }
            }
        }
    }
}
