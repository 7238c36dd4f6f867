package org.rnnlab.gpu.internal;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * Typed launchers of the kernels in {@code rnn_kernels.cu}, all on one stream (so that a pass can be captured as a
 * CUDA graph). Matrices are row-major and contiguous, so each product names only its sizes:
 * {@code C[m, n] = op(A)·op(B) + beta·C}. Products with at most 8 rows and an untransposed left operand (the per-step
 * products of small batches) go to the skinny kernels; products with enough 128 × 128 tiles to give every
 * multiprocessor one go to the 8 × 8-per-thread kernel; the rest to the 64 × 64 tiled kernel. A product whose output
 * has too few tiles (or column blocks) to occupy twice the device's multiprocessors splits its K dimension into
 * slices whose partial products {@code reduce_splits} sums in a fixed order, so results stay deterministic; the
 * partial-product buffer is set per workspace ({@link #usePartials}) and sized by {@link #partialFloatsNT} and {@link #partialFloatsNN}.
 */
final class Kernels implements AutoCloseable {
    private static final int BLOCK = 256;
    private static final int TILE = 64;
    private static final int BIG = 128;
    private static final int SMALL_M = 8;
    private static final int MAX_SPLITS = 16;
    /** CUDA's limit on grid dimensions y and z. */
    private static final int MAX_GRID_YZ = 65535;
    /** Null device pointer: "no mask", "no bias". */
    private static final CUdeviceptr NONE = new CUdeviceptr();

    private final CudaDevice device;
    private final CUstream stream = new CUstream();
    private DeviceArray partials;

    Kernels(CudaDevice device) {
        this.device = device;
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT); // blocking: ordered with the legacy stream's copies
    }

    /** The stream every launch goes to. */
    CUstream stream() {
        return stream;
    }

    /** Sets the buffer for split-K partial products, as large as the largest product it serves needs. */
    void usePartials(DeviceArray buffer) {
        this.partials = buffer;
    }

    /** Floats of partial products that {@link #multNT} needs for these sizes. */
    long partialFloatsNT(int m, int n, int k) {
        return partialFloats(m <= SMALL_M ? 1 : tiledSplits(m, n, k), m, n, k);
    }

    /** Floats of partial products that {@link #multNN} needs for these sizes. */
    long partialFloatsNN(int m, int n, int k) {
        return partialFloats(m <= SMALL_M ? smallSplits(n, k) : tiledSplits(m, n, k), m, n, k);
    }

    private static long partialFloats(int splits, int m, int n, int k) {
        return splits > 1 ? (long) ceil(k, sliceLength(k, splits)) * m * n : 0;
    }

    /** C[m, n] = A[m, k]·B[n, k]ᵀ + beta·C. */
    void multNT(int m, int n, int k, CUdeviceptr a, CUdeviceptr b, float beta, CUdeviceptr c) {
        if (m <= SMALL_M) {
            launch("sgemm_small_nt", ceil(n, 8), 1, 1, m, n, k, 1f, a, k, b, k, beta, c, n);
        } else {
            tiled("nt", m, n, k, a, b, k, beta, c);
        }
    }

    /** C[m, n] = A[m, k]·B[k, n] + beta·C. */
    void multNN(int m, int n, int k, CUdeviceptr a, CUdeviceptr b, float beta, CUdeviceptr c) {
        if (m > SMALL_M) {
            tiled("nn", m, n, k, a, b, n, beta, c);
            return;
        }
        int splits = smallSplits(n, k);
        if (splits > 1) {
            int kLen = sliceLength(k, splits);
            int slices = ceil(k, kLen);
            launch("sgemm_small_nn_split", ceil(n, 32), slices, 1, m, n, k, kLen, a, k, b, n, partials(slices, m, n));
            reduce(slices, m, n, beta, c);
        } else {
            launch("sgemm_small_nn", ceil(n, 32), 1, 1, m, n, k, 1f, a, k, b, n, beta, c, n);
        }
    }

    /** An untransposed-A product ({@code op} "nn" or "nt") on the 128 × 128 kernel, split K, or the 64 × 64 kernel. */
    private void tiled(String op, int m, int n, int k, CUdeviceptr a, CUdeviceptr b, int ldb, float beta, CUdeviceptr c) {
        if (big(m, n)) {
            launch("sgemm_big_" + op, ceil(n, BIG), ceil(m, BIG), 1, m, n, k, 1f, a, k, b, ldb, beta, c, n);
            return;
        }
        int splits = tiledSplits(m, n, k);
        if (splits > 1) {
            int kLen = sliceLength(k, splits);
            int slices = ceil(k, kLen);
            launch("sgemm_" + op + "_split", ceil(n, TILE), ceil(m, TILE), slices, m, n, k, kLen, a, k, b, ldb, partials(slices, m, n));
            reduce(slices, m, n, beta, c);
        } else {
            launch("sgemm_" + op, ceil(n, TILE), ceil(m, TILE), 1, m, n, k, 1f, a, k, b, ldb, beta, c, n);
        }
    }

    /** C[m, n] = A[k, m]ᵀ·B[k, n] + beta·C. */
    void multTN(int m, int n, int k, CUdeviceptr a, CUdeviceptr b, float beta, CUdeviceptr c) {
        if (big(m, n)) {
            launch("sgemm_big_tn", ceil(n, BIG), ceil(m, BIG), 1, m, n, k, 1f, a, m, b, n, beta, c, n);
        } else {
            launch("sgemm_tn", ceil(n, TILE), ceil(m, TILE), 1, m, n, k, 1f, a, m, b, n, beta, c, n);
        }
    }

    /** Every row of dst[rows, cols] := v[cols]. */
    void fillRows(CUdeviceptr dst, CUdeviceptr v, int rows, int cols) {
        long total = (long) rows * cols;
        launch("fill_rows", (int) Math.min(4096, Math.max(1, ceil(total, BLOCK))), 1, 1, dst, v, rows, cols);
    }

    /** out[c] = Σ_r A[r, c] for A[rows, cols]. */
    void columnSums(CUdeviceptr a, int rows, int cols, CUdeviceptr out) {
        launch("column_sums", ceil(cols, 32), 1, 1, a, rows, cols, out);
    }

    /** Sets every element of {@code a} to 0.0f, on the stream. */
    void zero(DeviceArray a) {
        if (a.length() > 0) {
            cuMemsetD32Async(a.at(0), 0, a.length(), stream);
        }
    }

    /** An elementwise step kernel over N·H values; its arguments after (N, H) as given. */
    void step(String kernel, int n, int h, Object... args) {
        Object[] all = new Object[args.length + 2];
        all[0] = n;
        all[1] = h;
        System.arraycopy(args, 0, all, 2, args.length);
        launch(kernel, ceil((long) n * h, BLOCK), 1, 1, all);
    }

    /** The device pointer to pass for an absent mask or bias. */
    static CUdeviceptr none() {
        return NONE;
    }

    /** Whether the product has a 128 × 128 tile for every multiprocessor (it never splits K then). */
    private boolean big(int m, int n) {
        return m > SMALL_M && (long) ceil(m, BIG) * ceil(n, BIG) >= device.multiprocessors();
    }

    /** How many K slices give about 2 blocks per multiprocessor, each slice at least {@code minSlice} deep. */
    private int splits(int blocks, int k, int minSlice) {
        int wanted = Math.max(1, 2 * device.multiprocessors() / Math.max(1, blocks));
        return Math.min(MAX_SPLITS, Math.min(wanted, k / minSlice));
    }

    private int tiledSplits(int m, int n, int k) {
        return splits(ceil(m, TILE) * ceil(n, TILE), k, 128);
    }

    private int smallSplits(int n, int k) {
        return splits(ceil(n, 32), k, 256);
    }

    /** Slice depth: K / splits rounded up to the tile depth (16). */
    private static int sliceLength(int k, int splits) {
        return ceil(ceil(k, splits), 16) * 16;
    }

    private CUdeviceptr partials(int slices, int m, int n) {
        long need = (long) slices * m * n;
        if (partials == null || partials.length() < need) {
            throw new IllegalStateException("split-K buffer of " + (partials == null ? 0 : partials.length()) + " floats for a product that needs "
                    + need + " (a cells-gpu bug: the workspace sizes it)");
        }
        return partials.at(0);
    }

    private void reduce(int slices, int m, int n, float beta, CUdeviceptr c) {
        long total = (long) m * n;
        launch("reduce_splits", (int) Math.min(4096, ceil(total, BLOCK)), 1, 1, partials.at(0), slices, m, n, beta, c, n);
    }

    private void launch(String name, int gridX, int gridY, int gridZ, Object... args) {
        if (gridY > MAX_GRID_YZ || gridZ > MAX_GRID_YZ) {
            throw new IllegalArgumentException(name + " would need a grid of " + gridY + " × " + gridZ + " blocks (CUDA allows "
                    + MAX_GRID_YZ + "): the product has more than " + (long) MAX_GRID_YZ * TILE
                    + " rows; use fewer steps × sequences per call (split the batch, or truncated BPTT)");
        }
        CUfunction f = device.function(name);
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof CUdeviceptr p) {
                params[i] = Pointer.to(p);
            } else if (a instanceof Integer v) {
                params[i] = Pointer.to(new int[] {v});
            } else if (a instanceof Float v) {
                params[i] = Pointer.to(new float[] {v});
            } else {
                throw new IllegalArgumentException("kernel argument " + i + " of " + name + " is a " + a.getClass());
            }
        }
        cuLaunchKernel(f, gridX, gridY, gridZ, BLOCK, 1, 1, 0, stream, Pointer.to(params), null);
    }

    private static int ceil(long a, int b) {
        return (int) ((a + b - 1) / b);
    }

    @Override
    public void close() {
        cuStreamDestroy(stream);
    }
}
