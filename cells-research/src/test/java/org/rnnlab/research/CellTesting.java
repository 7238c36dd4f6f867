package org.rnnlab.research;

import java.util.Map;
import org.rnnlab.api.CellSettings;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;

/** Small helpers of the cell tests: float64 specs, seeded tensors, and parameters read or written as arrays. */
final class CellTesting {
    private CellTesting() {
    }

    /** A float64 spec of {@code kind} with the given sizes, seed and settings. */
    static CellSpec spec(String kind, int x, int h, long seed, Map<String, ?> settings) {
        return CellSpec.of(kind, x, h).withPrecision(Precision.FLOAT64).withSeed(seed).withSettings(CellSettings.of(settings));
    }

    /** A cell of the research backend. */
    static RecurrentCell cell(CellSpec spec) {
        return new ResearchCellProvider().create(spec);
    }

    /** A seeded float64 tensor with values U(−1, 1). */
    static Tensor random(long seed, int... shape) {
        return org.rnnlab.api.contract.CellContract.random(Precision.FLOAT64, seed, shape);
    }

    /** The parameter's values (the live array: writes change the cell). */
    static double[] values(RecurrentCell cell, String name) {
        return cell.parameters().get(name).doubleData();
    }

    /** Every value of the parameter set to {@code v}. */
    static void fill(RecurrentCell cell, String name, double v) {
        java.util.Arrays.fill(values(cell, name), v);
    }

    /** max |a − b| / max |b|. */
    static double relative(double[] a, double[] b) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            s = Math.max(s, Math.abs(b[i]));
        }
        return d / (s == 0 ? 1 : s);
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Row r of W [rows, cols] times v. */
    static double row(double[] w, int r, int cols, double[] v, int vOff) {
        double s = 0;
        for (int c = 0; c < cols; c++) {
            s += w[r * cols + c] * v[vOff + c];
        }
        return s;
    }
}
