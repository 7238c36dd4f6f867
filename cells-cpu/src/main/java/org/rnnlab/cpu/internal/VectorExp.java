package org.rnnlab.cpu.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * (|x| ≤ 87 for float, 708 for double), which changes no sigmoid or tanh beyond its rounding; only a vector with a lane
 * beyond the bound takes the clamp (Java's max and min, exact about NaN and signed zeros, cost about as much as the rest
 * of the polynomial: testing first is faster, with the same bits).
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

    /**
     * The vector loops, called through handles that C2 cannot see through (the fields are deliberately not final), so
     * that they are never inlined into their callers. Inlined into the gate math, with its own vectors, they pushed
     * those compilations past C2's node budget on some runs only (depending on what was compiled first), and the
     * vector operations left uncompiled there were boxed, which also slowed the gate math: JMH's gc profiler
     * ({@code java --add-modules jdk.incubator.vector -jar experiments/target/benchmarks.jar CellBenchmark.forwardBackward
     * -p cell=lstm -p batch=16 -p hidden=512 -p input=512 -p steps=25 -f 5 -prof gc}) measured 10.3 to 18.9 MB per
     * forward+backward depending on the fork, and 10.3 MB (the results alone) in every fork since. Standalone, each
     * loop compiles whole every time; a call costs nanoseconds, once per run of values.
     */
    private static MethodHandle logisticFloat = logistic(float.class);
    private static MethodHandle logisticDouble = logistic(double.class);

    private VectorExp() {
    }

    private static MethodHandle logistic(Class<?> element) {
        try {
            return MethodHandles.lookup().findStatic(VectorExp.class, "logistic", MethodType.methodType(void.class,
                    element.arrayType(), int.class, int.class, element, element, element));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void logisticFloat(float[] a, int off, int len, float alpha, float beta, float gamma) {
        try {
            logisticFloat.invokeExact(a, off, len, alpha, beta, gamma);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // logistic declares no checked exception
        }
    }

    private static void logisticDouble(double[] a, int off, int len, double alpha, double beta, double gamma) {
        try {
            logisticDouble.invokeExact(a, off, len, alpha, beta, gamma);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // logistic declares no checked exception
        }
    }

    // Every vector lives inside one method, with e^x written out in the loop: a vector handed to a method that C2 does
    // not inline is boxed, and C2 declines to inline a vector helper that it has already compiled on its own ("too
    // big"), which it did with the former tanh(FloatVector) inside the LSTM's gate loops (which then allocated per
    // step, and ran slower than written out like this).

    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    public static void sigmoid(float[] a, int off, int len) {
        logisticFloat(a, off, len, 1f, -1f, 0f);
        for (int i = off + F.loopBound(len); i < off + len; i++) {
            a[i] = Activations.sigmoid(a[i]);
        }
    }

    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    public static void sigmoid(double[] a, int off, int len) {
        logisticDouble(a, off, len, 1, -1, 0);
        for (int i = off + D.loopBound(len); i < off + len; i++) {
            a[i] = Activations.sigmoid(a[i]);
        }
    }

    /** a[off … off+len) := tanh(a) = 1 − 2/(e^{2a} + 1). Modified. */
    public static void tanh(float[] a, int off, int len) {
        logisticFloat(a, off, len, -2f, 2f, 1f);
        for (int i = off + F.loopBound(len); i < off + len; i++) {
            a[i] = Activations.tanh(a[i]);
        }
    }

    /** a[off … off+len) := tanh(a) = 1 − 2/(e^{2a} + 1). Modified. */
    public static void tanh(double[] a, int off, int len) {
        logisticDouble(a, off, len, -2, 2, 1);
        for (int i = off + D.loopBound(len); i < off + len; i++) {
            a[i] = Activations.tanh(a[i]);
        }
    }

    /**
     * The whole vectors of a[off … off+len) := alpha/(1 + e^{beta·a}) + gamma (sigmoid: 1, −1, 0; tanh: −2, 2, 1); e^x
     * with x clamped to [−87, 87]. The lanes beyond the last whole vector are the caller's.
     */
    private static void logistic(float[] a, int off, int len, float alpha, float beta, float gamma) {
        for (int i = off, upper = off + F.loopBound(len); i < upper; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, i).mul(beta);
            if (x.abs().compare(VectorOperators.GT, 87f).anyTrue()) { // NaN compares false and stays NaN, as through max and min
                x = x.max(-87f).min(87f);
            }
            FloatVector t = x.fma(LOG2E_F, MAGIC_F);
            FloatVector n = t.sub(MAGIC_F);
            FloatVector r = x.sub(n.mul(LN2_HI_F)); // exact: LN2_HI_F has 10 significant bits, |n| ≤ 126
            r = r.sub(n.mul(LN2_LO_F));
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
            p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
            p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
            p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
            p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
            p = p.mul(r.mul(r)).add(r).add(1f);
            IntVector k = t.reinterpretAsInts().sub(MAGIC_F_BITS);
            FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector.broadcast(F, alpha).div(e.add(1f)).add(gamma).intoArray(a, i);
        }
    }

    /**
     * The whole vectors of a[off … off+len) := alpha/(1 + e^{beta·a}) + gamma; e^x with x clamped to [−708, 708],
     * e^r by its Taylor series to degree 13 (Horner from 1/13!).
     */
    private static void logistic(double[] a, int off, int len, double alpha, double beta, double gamma) {
        for (int i = off, upper = off + D.loopBound(len); i < upper; i += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, i).mul(beta);
            if (x.abs().compare(VectorOperators.GT, 708).anyTrue()) {
                x = x.max(-708).min(708);
            }
            DoubleVector t = x.fma(LOG2E, MAGIC);
            DoubleVector n = t.sub(MAGIC);
            DoubleVector r = x.sub(n.mul(LN2_HI)); // exact: LN2_HI's low 21 bits are zero, |n| ≤ 1022
            r = r.sub(n.mul(LN2_LO));
            DoubleVector p = DoubleVector.broadcast(D, 1.0 / 6227020800.0);
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 479001600.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 39916800.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 2.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0));
            LongVector k = t.reinterpretAsLongs().sub(MAGIC_BITS);
            DoubleVector e = p.mul(k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
            DoubleVector.broadcast(D, alpha).div(e.add(1)).add(gamma).intoArray(a, i);
        }
    }
}
