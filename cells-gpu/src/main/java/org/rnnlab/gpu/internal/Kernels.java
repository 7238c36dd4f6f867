package org.rnnlab.gpu.internal;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Typed launchers of the kernels in {@code rnn_kernels.cu}. Matrices are row-major and contiguous, so each product
 * names only its sizes: {@code C[m, n] = op(A)·op(B) + beta·C}. Products with at most 8 rows and an untransposed left
 * operand (the per-step products of small batches) go to the skinny kernels, the rest to the 64 × 64 tiled kernel.
 * A product whose output has too few tiles (or column blocks) to occupy twice the device's multiprocessors splits its
 * K dimension into slices whose partial products are summed by {@code reduce_splits} in a fixed order, so results
 * stay deterministic. Owns the partial-product buffer; close it with its sequence kernel.
 */
final class Kernels implements AutoCloseable {
    private static final int MAX_SPLITS = 16;
    private static final int BLOCK = 256;
    private static final int TILE = 64;
    private static final int SMALL_M = 8;
    /** Null device pointer: "no mask". */
    private static final CUdeviceptr NONE = new CUdeviceptr();

    private final CudaDevice device;
    private DeviceArray partials;

    Kernels(CudaDevice device) {
        this.device = device;
    }

    /** C[m, n] = A[m, k]·B[n, k]ᵀ + beta·C. */
    void multNT(int m, int n, int k, CUdeviceptr a, CUdeviceptr b, float beta, CUdeviceptr c) {
        if (m <= SMALL_M) {
            launch("sgemm_small_nt", ceil(n, 8), 1, 1, m, n, k, 1f, a, k, b, k, beta, c, n);
            return;
        }
        int splits = splits(ceil(m, TILE) * ceil(n, TILE), k, 128);
        if (splits > 1) {
            int kLen = sliceLength(k, splits);
            launch("sgemm_nt_split", ceil(n, TILE), ceil(m, TILE), ceil(k, kLen), m, n, k, kLen, a, k, b, k, partials(ceil(k, kLen), m, n));
            reduce(ceil(k, kLen), m, n, beta, c);
        } else {
            launch("sgemm_nt", ceil(n, TILE), ceil(m, TILE), 1, m, n, k, 1f, a, k, b, k, beta, c, n);
        }
    }

    /** C[m, n] = A[m, k]·B[k, n] + beta·C. */
    void multNN(int m, int n, int k, CUdeviceptr a, CUdeviceptr b, float beta, CUdeviceptr c) {
        if (m <= SMALL_M) {
            int splits = splits(ceil(n, 32), k, 256);
            if (splits > 1) {
                int kLen = sliceLength(k, splits);
                launch("sgemm_small_nn_split", ceil(n, 32), ceil(k, kLen), 1, m, n, k, kLen, a, k, b, n, partials(ceil(k, kLen), m, n));
                reduce(ceil(k, kLen), m, n, beta, c);
            } else {
                launch("sgemm_small_nn", ceil(n, 32), 1, 1, m, n, k, 1f, a, k, b, n, beta, c, n);
            }
            return;
        }
        int splits = splits(ceil(m, TILE) * ceil(n, TILE), k, 128);
        if (splits > 1) {
            int kLen = sliceLength(k, splits);
            launch("sgemm_nn_split", ceil(n, TILE), ceil(m, TILE), ceil(k, kLen), m, n, k, kLen, a, k, b, n, partials(ceil(k, kLen), m, n));
            reduce(ceil(k, kLen), m, n, beta, c);
        } else {
            launch("sgemm_nn", ceil(n, TILE), ceil(m, TILE), 1, m, n, k, 1f, a, k, b, n, beta, c, n);
        }
    }

    /** How many K slices give about 2 blocks per multiprocessor, each slice at least {@code minSlice} deep. */
    private int splits(int blocks, int k, int minSlice) {
        int wanted = Math.max(1, 2 * device.multiprocessors() / Math.max(1, blocks));
        return Math.min(MAX_SPLITS, Math.min(wanted, k / minSlice));
    }

    /** Slice depth: K / splits rounded up to the tile depth (16). */
    private static int sliceLength(int k, int splits) {
        return ceil(ceil(k, splits), 16) * 16;
    }

    private CUdeviceptr partials(int splits, int m, int n) {
        long need = (long) splits * m * n;
        if (partials == null || partials.length() < need) {
            if (partials != null) {
                partials.close();
            }
            partials = new DeviceArray(need);
        }
        return partials.at(0);
    }

    private void reduce(int splits, int m, int n, float beta, CUdeviceptr c) {
        long total = (long) m * n;
        launch("reduce_splits", (int) Math.min(4096, ceil(total, BLOCK)), 1, 1, partials.at(0), splits, m, n, beta, c, n);
    }

    @Override
    public void close() {
        if (partials != null) {
            partials.close();
            partials = null;
        }
    }

    /** C[m, n] = A[k, m]ᵀ·B[k, n] + beta·C. */
    void multTN(int m, int n, int k, CUdeviceptr a, CUdeviceptr b, float beta, CUdeviceptr c) {
        launch("sgemm_tn", ceil(n, TILE), ceil(m, TILE), 1, m, n, k, 1f, a, m, b, n, beta, c, n);
    }

    /** Every row of dst[rows, cols] := v[cols]. */
    void fillRows(CUdeviceptr dst, CUdeviceptr v, int rows, int cols) {
        long total = (long) rows * cols;
        launch("fill_rows", (int) Math.min(4096, Math.max(1, (total + BLOCK - 1) / BLOCK)), 1, 1, dst, v, rows, cols);
    }

    /** out[c] = Σ_r A[r, c] for A[rows, cols]. */
    void columnSums(CUdeviceptr a, int rows, int cols, CUdeviceptr out) {
        launch("column_sums", ceil(cols, 32), 1, 1, a, rows, cols, out);
    }

    /** An elementwise step kernel over N·H values; its arguments after (N, H) as given. */
    void step(String kernel, int n, int h, Object... args) {
        Object[] all = new Object[args.length + 2];
        all[0] = n;
        all[1] = h;
        System.arraycopy(args, 0, all, 2, args.length);
        launch(kernel, ceil((long) n * h, BLOCK), 1, 1, all);
    }

    /** The device pointer to pass for an absent mask. */
    static CUdeviceptr none() {
        return NONE;
    }

    private void launch(String name, int gridX, int gridY, int gridZ, Object... args) {
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
        cuLaunchKernel(f, gridX, gridY, gridZ, BLOCK, 1, 1, 0, null, Pointer.to(params), null);
    }

    private static int ceil(long a, int b) {
        return (int) ((a + b - 1) / b);
    }
}
