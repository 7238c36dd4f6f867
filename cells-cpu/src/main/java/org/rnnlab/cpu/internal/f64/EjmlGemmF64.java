package org.rnnlab.cpu.internal.f64;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The portable fallback: EJML's products, with operands at an offset copied into scratch matrices (EJML has no
 * offset views). Used when the JDK Vector API module is not in the runtime.
 */
public final class EjmlGemmF64 implements GemmF64 {
    private final DMatrixRMaj sa = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj sb = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj sc = new DMatrixRMaj(1, 1);

    @Override
    public void mult(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        CommonOps_DDRM.mult(view(sa, a, aOff, m, k), view(sb, b, bOff, k, n), target(m, n));
        System.arraycopy(sc.data, 0, c, cOff, m * n);
    }

    @Override
    public void multAdd(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        DMatrixRMaj t = target(m, n);
        System.arraycopy(c, cOff, t.data, 0, m * n);
        CommonOps_DDRM.multAdd(view(sa, a, aOff, m, k), view(sb, b, bOff, k, n), t);
        System.arraycopy(t.data, 0, c, cOff, m * n);
    }

    @Override
    public void multTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        CommonOps_DDRM.multTransA(view(sa, a, aOff, k, m), view(sb, b, bOff, k, n), target(m, n));
        System.arraycopy(sc.data, 0, c, cOff, m * n);
    }

    private DMatrixRMaj target(int m, int n) {
        sc.reshape(m, n, false);
        return sc;
    }

    /** The operand as a matrix: wrapped when it starts at 0, else copied into the scratch matrix. */
    private static DMatrixRMaj view(DMatrixRMaj scratch, double[] data, int off, int rows, int cols) {
        if (off == 0) {
            return DMatrixRMaj.wrap(rows, cols, data);
        }
        scratch.reshape(rows, cols, false);
        System.arraycopy(data, off, scratch.data, 0, rows * cols);
        return scratch;
    }
}
