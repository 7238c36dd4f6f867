package org.rnnlab.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorExp} against {@code Math} over small, moderate and extreme arguments, on runs whose length is not a
 * multiple of the vector length (so that the scalar tails run too). e^x is checked through the sigmoid's relative
 * error at negative x, where 1/(1+e^−x) carries e^−x's relative error: within 6 ulp (measured 3.3e-16 double,
 * 1.4e-7 float). tanh and sigmoid within a few ulp of 1 absolute (measured: tanh 3.3e-16 double, 1.8e-7 float;
 * sigmoid 2.2e-16, 8.8e-8) — the cancellation of 1 − 2/(e^{2x}+1) near 0 costs relative, not absolute, accuracy.
 */
class VectorExpTest {
    private static final int RUN = 77;

    @Test
    void doublePrecisionAgreesWithMath() {
        Random r = new Random(1);
        double[] x = new double[RUN];
        double[] y = new double[RUN];
        double tanh = 0;
        double sigmoid = 0;
        double sigmoidRelative = 0;
        for (int it = 0; it < 3000; it++) {
            double scale = it % 3 == 0 ? 700 : it % 3 == 1 ? 20 : 1e-3;
            for (int i = 0; i < x.length; i++) {
                x[i] = (r.nextDouble() * 2 - 1) * scale;
            }
            System.arraycopy(x, 0, y, 0, RUN);
            VectorExp.tanh(y, 0, RUN);
            for (int i = 0; i < x.length; i++) {
                tanh = Math.max(tanh, Math.abs(y[i] - Math.tanh(x[i])));
            }
            System.arraycopy(x, 0, y, 0, RUN);
            VectorExp.sigmoid(y, 0, RUN);
            for (int i = 0; i < x.length; i++) {
                double exact = 1 / (1 + Math.exp(-x[i]));
                sigmoid = Math.max(sigmoid, Math.abs(y[i] - exact));
                if (x[i] < 0) {
                    sigmoidRelative = Math.max(sigmoidRelative, Math.abs(y[i] / exact - 1));
                }
            }
        }
        assertThat(tanh).isLessThan(9e-16);
        assertThat(sigmoid).isLessThan(9e-16);
        assertThat(sigmoidRelative).isLessThan(1.4e-15);
    }

    @Test
    void singlePrecisionAgreesWithMath() {
        Random r = new Random(2);
        float[] x = new float[RUN];
        float[] y = new float[RUN];
        double tanh = 0;
        double sigmoid = 0;
        double sigmoidRelative = 0;
        for (int it = 0; it < 3000; it++) {
            double scale = it % 3 == 0 ? 86 : it % 3 == 1 ? 20 : 1e-3;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
            System.arraycopy(x, 0, y, 0, RUN);
            VectorExp.tanh(y, 0, RUN);
            for (int i = 0; i < x.length; i++) {
                tanh = Math.max(tanh, Math.abs(y[i] - Math.tanh(x[i])));
            }
            System.arraycopy(x, 0, y, 0, RUN);
            VectorExp.sigmoid(y, 0, RUN);
            for (int i = 0; i < x.length; i++) {
                double exact = 1 / (1 + Math.exp(-x[i]));
                sigmoid = Math.max(sigmoid, Math.abs(y[i] - exact));
                if (x[i] < 0) {
                    sigmoidRelative = Math.max(sigmoidRelative, Math.abs(y[i] / exact - 1));
                }
            }
        }
        assertThat(tanh).isLessThan(4.8e-7);
        assertThat(sigmoid).isLessThan(4.8e-7);
        assertThat(sigmoidRelative).isLessThan(7.2e-7);
    }

    @Test
    void extremeArgumentsSaturateInsteadOfOverflowing() {
        double[] y = new double[RUN];
        Arrays.fill(y, -1e6);
        VectorExp.tanh(y, 0, RUN);
        assertThat(y).containsOnly(-1.0);
        Arrays.fill(y, -1e6);
        VectorExp.sigmoid(y, 0, RUN);
        for (double v : y) {
            assertThat(v).isBetween(0.0, 1e-300);
        }
        Arrays.fill(y, 1e6);
        VectorExp.tanh(y, 0, RUN);
        assertThat(y).containsOnly(1.0);
        Arrays.fill(y, 1e6);
        VectorExp.sigmoid(y, 0, RUN);
        assertThat(y).containsOnly(1.0);
    }

    /**
     * Only a vector with a lane beyond the clamp's bound is clamped: a value's bits must not depend on its neighbours
     * (an extreme one in the same vector), and NaN stays NaN whichever path its vector takes.
     */
    @Test
    void aValuesBitsDoNotDependOnExtremeNeighboursAndNanStaysNan() {
        Random r = new Random(3);
        float[] xf = new float[RUN];
        double[] xd = new double[RUN];
        for (int i = 0; i < RUN; i++) {
            xf[i] = (float) (r.nextGaussian() * 5);
            xd[i] = r.nextGaussian() * 5;
        }
        for (boolean tanh : new boolean[] {false, true}) {
            float[] quietF = xf.clone();
            float[] mixedF = xf.clone();
            double[] quietD = xd.clone();
            double[] mixedD = xd.clone();
            for (int i = 0; i < RUN; i += 5) {
                mixedF[i] = i % 10 == 0 ? 1e6f : i % 15 == 0 ? Float.NEGATIVE_INFINITY : Float.NaN;
                mixedD[i] = i % 10 == 0 ? -1e6 : i % 15 == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
            }
            float[][] f = {quietF, mixedF};
            double[][] d = {quietD, mixedD};
            for (int k = 0; k < 2; k++) {
                if (tanh) {
                    VectorExp.tanh(f[k], 0, RUN);
                    VectorExp.tanh(d[k], 0, RUN);
                } else {
                    VectorExp.sigmoid(f[k], 0, RUN);
                    VectorExp.sigmoid(d[k], 0, RUN);
                }
            }
            for (int i = 0; i < RUN; i++) {
                if (i % 5 != 0) {
                    assertThat(Float.floatToRawIntBits(mixedF[i])).as("float %s at %d", tanh ? "tanh" : "sigmoid", i)
                            .isEqualTo(Float.floatToRawIntBits(quietF[i]));
                    assertThat(Double.doubleToRawLongBits(mixedD[i])).as("double %s at %d", tanh ? "tanh" : "sigmoid", i)
                            .isEqualTo(Double.doubleToRawLongBits(quietD[i]));
                } else if (i % 10 != 0 && i % 15 != 0) {
                    assertThat(mixedF[i]).as("NaN in, NaN out").isNaN();
                    assertThat(mixedD[i]).isNaN();
                } else {
                    assertThat(Math.abs(mixedF[i])).as("saturated").isBetween(0f, 1f);
                    assertThat(Math.abs(mixedD[i])).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void onlyTheGivenRunChanges() {
        float[] y = new float[RUN];
        Arrays.fill(y, 3f);
        VectorExp.tanh(y, 5, RUN - 9);
        assertThat(Arrays.copyOfRange(y, 0, 5)).containsOnly(3f);
        assertThat(Arrays.copyOfRange(y, RUN - 4, RUN)).containsOnly(3f);
        assertThat(Arrays.copyOfRange(y, 5, RUN - 4)).containsOnly((float) Math.tanh(3));
    }
}
