package org.rnnlab.cpu.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x, the logistic sigmoid and tanh on whole vectors from additions, multiplications, FMAs and exponent bits only.
 *
 * <p>Why not {@code VectorOperators.EXP/TANH}: HotSpot computes those with SVML-style intrinsics in compiled code and
 * with {@code Math} in the interpreter, so the same input could give different last bits before and after the JIT
 * — and a resumed sweep would not reproduce an uninterrupted one. IEEE additions, products and FMAs round the same
 * everywhere. Method: Cody–Waite reduction {@code x = n·ln2 + r}, |r| ≤ ln2/2, n rounded with the 1.5·2^p trick;
 * e^r by Cephes' degree-6 polynomial (float, ~1 ulp) or its Taylor series to degree 13 (double, truncation
 * &lt; 1e-17); the result scaled by 2^n built in the exponent field. Inputs are clamped so that 2^n stays normal
 * (|x| ≤ 87 for float, 708 for double), which changes no sigmoid or tanh beyond its rounding.
 * tanh(x) = 1 − 2/(e^{2x} + 1): absolute error ~1 ulp of 1 near 0.
 */
public final class VectorExp {
    private static final float LOG2E_F = 1.44269504088896341f;
    private static final float LN2_HI_F = 0.693359375f;
    private static final float LN2_LO_F = -2.12194440e-4f;
    private static final float MAGIC_F = 12582912f; // 1.5 · 2^23: adding it rounds to an integer in the low bits
    private static final int MAGIC_F_BITS = Float.floatToRawIntBits(MAGIC_F);

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double MAGIC = 6755399441055744.0; // 1.5 · 2^52
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private VectorExp() {
    }

    // The array-level entry points keep vectors inside one method: C2 then keeps them in registers. Vectors passed
    // across a call that is not inlined are boxed (MemoryProbeTest sees the extra bytes per step), which happens
    // once kernels grow deep enough to exhaust the inlining budget.

    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    public static void sigmoid(float[] a, int off, int len) {
        int i = 0;
        for (int upper = F.loopBound(len); i < upper; i += F.length()) {
            sigmoid(FloatVector.fromArray(F, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.sigmoid(a[off + i]);
        }
    }

    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    public static void sigmoid(double[] a, int off, int len) {
        int i = 0;
        for (int upper = D.loopBound(len); i < upper; i += D.length()) {
            sigmoid(DoubleVector.fromArray(D, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.sigmoid(a[off + i]);
        }
    }

    /** a[off … off+len) := tanh(a). Modified. */
    public static void tanh(float[] a, int off, int len) {
        int i = 0;
        for (int upper = F.loopBound(len); i < upper; i += F.length()) {
            tanh(FloatVector.fromArray(F, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.tanh(a[off + i]);
        }
    }

    /** a[off … off+len) := tanh(a). Modified. */
    public static void tanh(double[] a, int off, int len) {
        int i = 0;
        for (int upper = D.loopBound(len); i < upper; i += D.length()) {
            tanh(DoubleVector.fromArray(D, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.tanh(a[off + i]);
        }
    }

    /** e^x per lane, x clamped to [−87, 87]. */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87f).min(87f);
        FloatVector t = x.fma(LOG2E_F, MAGIC_F);
        FloatVector n = t.sub(MAGIC_F);
        FloatVector r = x.sub(n.mul(LN2_HI_F)); // exact: LN2_HI_F has 10 significant bits, |n| ≤ 126
        r = r.sub(n.mul(LN2_LO_F));
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(x.species(), 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(x.species(), 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(x.species(), 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(x.species(), 5.0000001201e-1f));
        p = p.mul(r.mul(r)).add(r).add(1f);
        IntVector k = t.reinterpretAsInts().sub(MAGIC_F_BITS);
        FloatVector scale = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    /** e^x per lane, x clamped to [−708, 708]. */
    static DoubleVector exp(DoubleVector x) {
        x = x.max(-708).min(708);
        DoubleVector t = x.fma(LOG2E, MAGIC);
        DoubleVector n = t.sub(MAGIC);
        DoubleVector r = x.sub(n.mul(LN2_HI)); // exact: LN2_HI's low 21 bits are zero, |n| ≤ 1022
        r = r.sub(n.mul(LN2_LO));
        // Taylor: 1 + r + r²/2! + … + r¹³/13!, by Horner from the top.
        DoubleVector p = DoubleVector.broadcast(x.species(), 1.0 / 6227020800.0);
        double[] c = TAYLOR;
        for (int i = 0; i < c.length; i++) {
            p = p.fma(r, DoubleVector.broadcast(x.species(), c[i]));
        }
        LongVector k = t.reinterpretAsLongs().sub(MAGIC_BITS);
        DoubleVector scale = k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(scale);
    }

    /** 1/12!, 1/11!, …, 1/1!, 1/0!: the Horner coefficients after 1/13!. */
    private static final double[] TAYLOR = {
        1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0,
        1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 1.0 / 2.0, 1.0, 1.0,
    };

    /** 1/(1+e^−x) per lane. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(x.species(), 1f).div(exp(x.neg()).add(1f));
    }

    /** 1/(1+e^−x) per lane. */
    static DoubleVector sigmoid(DoubleVector x) {
        return DoubleVector.broadcast(x.species(), 1).div(exp(x.neg()).add(1));
    }

    /** tanh(x) = 1 − 2/(e^{2x} + 1) per lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector two = FloatVector.broadcast(x.species(), 2f);
        return FloatVector.broadcast(x.species(), 1f).sub(two.div(exp(x.mul(2f)).add(1f)));
    }

    /** tanh(x) = 1 − 2/(e^{2x} + 1) per lane. */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector two = DoubleVector.broadcast(x.species(), 2);
        return DoubleVector.broadcast(x.species(), 1).sub(two.div(exp(x.mul(2)).add(1)));
    }
}
