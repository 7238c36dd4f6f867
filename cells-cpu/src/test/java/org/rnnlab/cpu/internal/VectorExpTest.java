package org.rnnlab.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorExp} against {@code Math} over small, moderate and extreme arguments. Bounds: double exp within 4 ulp
 * relative (measured 2.2e-16), float exp within 4 float ulp (measured 8e-8); tanh and sigmoid within a few ulp of 1
 * absolute (measured 3.3e-16 double, 1.8e-7 float) — the cancellation of 1 − 2/(e^{2x}+1) near 0 costs relative,
 * not absolute, accuracy.
 */
class VectorExpTest {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Test
    void doublePrecisionAgreesWithMath() {
        Random r = new Random(1);
        double[] x = new double[D.length()];
        double[] y = new double[D.length()];
        double exp = 0;
        double tanh = 0;
        double sigmoid = 0;
        for (int it = 0; it < 30000; it++) {
            double scale = it % 3 == 0 ? 700 : it % 3 == 1 ? 20 : 1e-3;
            for (int i = 0; i < x.length; i++) {
                x[i] = (r.nextDouble() * 2 - 1) * scale;
            }
            VectorExp.exp(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                exp = Math.max(exp, Math.abs(y[i] / Math.exp(x[i]) - 1));
            }
            VectorExp.tanh(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                tanh = Math.max(tanh, Math.abs(y[i] - Math.tanh(x[i])));
            }
            VectorExp.sigmoid(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                sigmoid = Math.max(sigmoid, Math.abs(y[i] - 1 / (1 + Math.exp(-x[i]))));
            }
        }
        assertThat(exp).isLessThan(9e-16);
        assertThat(tanh).isLessThan(9e-16);
        assertThat(sigmoid).isLessThan(9e-16);
    }

    @Test
    void singlePrecisionAgreesWithMath() {
        Random r = new Random(2);
        float[] x = new float[F.length()];
        float[] y = new float[F.length()];
        double exp = 0;
        double tanh = 0;
        double sigmoid = 0;
        for (int it = 0; it < 30000; it++) {
            double scale = it % 3 == 0 ? 86 : it % 3 == 1 ? 20 : 1e-3;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
            VectorExp.exp(FloatVector.fromArray(F, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                exp = Math.max(exp, Math.abs(y[i] / Math.exp(x[i]) - 1));
            }
            VectorExp.tanh(FloatVector.fromArray(F, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                tanh = Math.max(tanh, Math.abs(y[i] - Math.tanh(x[i])));
            }
            VectorExp.sigmoid(FloatVector.fromArray(F, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                sigmoid = Math.max(sigmoid, Math.abs(y[i] - 1 / (1 + Math.exp(-x[i]))));
            }
        }
        assertThat(exp).isLessThan(4.8e-7);
        assertThat(tanh).isLessThan(4.8e-7);
        assertThat(sigmoid).isLessThan(4.8e-7);
    }

    @Test
    void extremeArgumentsSaturateInsteadOfOverflowing() {
        double[] x = new double[D.length()];
        double[] y = new double[D.length()];
        java.util.Arrays.fill(x, -1e6);
        VectorExp.tanh(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
        assertThat(y).containsOnly(-1.0);
        VectorExp.sigmoid(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
        for (double v : y) {
            assertThat(v).isBetween(0.0, 1e-300);
        }
        java.util.Arrays.fill(x, 1e6);
        VectorExp.tanh(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
        assertThat(y).containsOnly(1.0);
        VectorExp.sigmoid(DoubleVector.fromArray(D, x, 0)).intoArray(y, 0);
        assertThat(y).containsOnly(1.0);
    }
}
