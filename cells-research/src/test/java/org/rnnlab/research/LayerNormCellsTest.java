package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.rnnlab.research.CellTesting.relative;
import static org.rnnlab.research.CellTesting.row;
import static org.rnnlab.research.CellTesting.sigmoid;
import static org.rnnlab.research.CellTesting.values;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

class LayerNormCellsTest {
    private static final int X = 3;
    private static final int H = 4;
    private static final int N = 2;
    private static final int T = 5;

    /** Before gain and bias, LN's output has mean 0 and variance σ²/(σ² + ε), 1 up to ε/σ² (here ~1e-7). */
    @Test
    void theNormalisedSegmentHasZeroMeanAndUnitVariance() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 16;
        double[] v = new double[n + 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = 5 + 3 * (2 * r.nextDouble() - 1);
        }
        double[] out = new double[n + 2];
        double inv = LayerNormF64.normalise(v, 3, n, out, 2);
        double mean = 0;
        double sq = 0;
        double varIn = 0;
        double meanIn = 0;
        for (int i = 0; i < n; i++) {
            meanIn += v[3 + i] / n;
        }
        for (int i = 0; i < n; i++) {
            mean += out[2 + i] / n;
            varIn += (v[3 + i] - meanIn) * (v[3 + i] - meanIn) / n;
        }
        for (int i = 0; i < n; i++) {
            sq += (out[2 + i] - mean) * (out[2 + i] - mean) / n;
        }
        // Sums of 16 values of size ~1 round at ~1e-15.
        assertThat(mean).isCloseTo(0, within(1e-15));
        assertThat(sq).isCloseTo(varIn / (varIn + LayerNormF64.EPSILON), within(1e-14));
        assertThat(sq).isCloseTo(1, within(1e-5 / varIn));
        assertThat(inv).isCloseTo(1 / Math.sqrt(varIn + LayerNormF64.EPSILON), within(1e-14));
        assertThat(out[0]).isZero();
        assertThat(out[1]).isZero();
    }

    /** ε inside the square root: a constant segment normalises to 0 with r = 1/√ε, never 0/0. */
    @Test
    void aConstantSegmentNormalisesToZero() {
        double[] out = new double[4];
        double inv = LayerNormF64.normalise(new double[] {2.5, 2.5, 2.5, 2.5}, 0, 4, out, 0);
        assertThat(out).containsOnly(0.0);
        assertThat(inv).isCloseTo(1 / Math.sqrt(LayerNormF64.EPSILON), within(1e-9));
    }

    /** The backward formula against five-point differences of ⟨g, x̂(x)⟩ (step 1e-5: truncation ~1e-17, round-off ~1e-11). */
    @Test
    void theBackwardPassIsTheDerivativeOfTheNormalisation() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 6;
        double[] x = new double[n];
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.2 * (2 * r.nextDouble() - 1);
            g[i] = 2 * r.nextDouble() - 1;
        }
        double[] xhat = new double[n];
        double inv = LayerNormF64.normalise(x, 0, n, xhat, 0);
        double[] dx = new double[n];
        LayerNormF64.backward(g, 0, xhat, 0, n, inv, dx, 0);
        double step = 1e-5;
        for (int i = 0; i < n; i++) {
            double[] l = new double[4];
            double[] steps = {2 * step, step, -step, -2 * step};
            for (int k = 0; k < 4; k++) {
                double[] xp = x.clone();
                xp[i] += steps[k];
                double[] o = new double[n];
                LayerNormF64.normalise(xp, 0, n, o, 0);
                for (int j = 0; j < n; j++) {
                    l[k] += g[j] * o[j];
                }
            }
            double numeric = (-l[0] + 8 * l[1] - 8 * l[2] + l[3]) / (12 * step);
            assertThat(dx[i]).as("∂/∂x[%d]", i).isCloseTo(numeric, within(1e-8 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void gainsStartAtOneAndBiasesAtZero() {
        for (String kind : new String[] {"ln_lstm", "ln_gru"}) {
            try (RecurrentCell cell = CellTesting.cell(CellTesting.spec(kind, X, H, 3, Map.of()))) {
                for (String name : cell.parameters().names()) {
                    if (name.startsWith("ln_") && name.contains("_weight_")) {
                        assertThat(values(cell, name)).as(kind + " " + name).containsOnly(1.0);
                    } else if (name.startsWith("ln_")) {
                        assertThat(values(cell, name)).as(kind + " " + name).containsOnly(0.0);
                    }
                }
            }
        }
    }

    /**
     * The LN-LSTM against its equations written out here, with gains and biases drawn away from 1 and 0: LN over all 4H
     * values of W_ih·x and of W_hh·h, and over the H values of c'. The same arithmetic in another order: 1e-13.
     */
    @Test
    void theLayerNormalisedLstmIsItsEquations() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("ln_lstm", X, H, 3, Map.of()))) {
            perturb(cell, 11);
            Tensor x = CellTesting.random(1, T, N, X);
            Tensor h0 = CellTesting.random(2, N, H);
            Tensor c0 = CellTesting.random(3, N, H);
            ForwardPass pass = cell.forward(x, State.of(h0, c0));
            double[] wih = values(cell, "weight_ih_l0");
            double[] whh = values(cell, "weight_hh_l0");
            double[] h = h0.doubleData().clone();
            double[] c = c0.doubleData().clone();
            double[] out = new double[T * N * H];
            for (int t = 0; t < T; t++) {
                double[] hn = new double[N * H];
                for (int n = 0; n < N; n++) {
                    double[] u = new double[4 * H];
                    double[] v = new double[4 * H];
                    for (int r = 0; r < 4 * H; r++) {
                        u[r] = row(wih, r, X, x.doubleData(), (t * N + n) * X);
                        v[r] = row(whh, r, H, h, n * H);
                    }
                    double[] a = add(ln(u, values(cell, "ln_ih_weight_l0"), values(cell, "ln_ih_bias_l0")),
                            ln(v, values(cell, "ln_hh_weight_l0"), values(cell, "ln_hh_bias_l0")));
                    double[] cn = new double[H];
                    for (int j = 0; j < H; j++) {
                        cn[j] = sigmoid(a[H + j]) * c[n * H + j] + sigmoid(a[j]) * Math.tanh(a[2 * H + j]);
                    }
                    double[] m = ln(cn, values(cell, "ln_c_weight_l0"), values(cell, "ln_c_bias_l0"));
                    for (int j = 0; j < H; j++) {
                        hn[n * H + j] = sigmoid(a[3 * H + j]) * Math.tanh(m[j]);
                        c[n * H + j] = cn[j];
                    }
                }
                h = hn;
                System.arraycopy(h, 0, out, t * N * H, N * H);
            }
            assertThat(relative(pass.output().doubleData(), out)).isLessThanOrEqualTo(1e-13);
            assertThat(relative(pass.finalState().c().doubleData(), c)).isLessThanOrEqualTo(1e-13);
        }
    }

    /**
     * The LN-GRU against its equations written out here: LN over the 2H values of the gates' product and apart over the H
     * of the candidate's, on each side; the recurrent candidate inside r⊙(…).
     */
    @Test
    void theLayerNormalisedGruIsItsEquations() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("ln_gru", X, H, 4, Map.of()))) {
            perturb(cell, 12);
            Tensor x = CellTesting.random(4, T, N, X);
            Tensor h0 = CellTesting.random(5, N, H);
            ForwardPass pass = cell.forward(x, State.of(h0));
            double[] wih = values(cell, "weight_ih_l0");
            double[] whh = values(cell, "weight_hh_l0");
            double[] h = h0.doubleData().clone();
            double[] out = new double[T * N * H];
            for (int t = 0; t < T; t++) {
                double[] hn = new double[N * H];
                for (int n = 0; n < N; n++) {
                    double[] u = new double[3 * H];
                    double[] v = new double[3 * H];
                    for (int r = 0; r < 3 * H; r++) {
                        u[r] = row(wih, r, X, x.doubleData(), (t * N + n) * X);
                        v[r] = row(whh, r, H, h, n * H);
                    }
                    double[] p = gruSide(u, values(cell, "ln_ih_weight_l0"), values(cell, "ln_ih_bias_l0"));
                    double[] q = gruSide(v, values(cell, "ln_hh_weight_l0"), values(cell, "ln_hh_bias_l0"));
                    for (int j = 0; j < H; j++) {
                        double rg = sigmoid(p[j] + q[j]);
                        double z = sigmoid(p[H + j] + q[H + j]);
                        double cand = Math.tanh(p[2 * H + j] + rg * q[2 * H + j]);
                        hn[n * H + j] = (1 - z) * cand + z * h[n * H + j];
                    }
                }
                h = hn;
                System.arraycopy(h, 0, out, t * N * H, N * H);
            }
            assertThat(relative(pass.output().doubleData(), out)).isLessThanOrEqualTo(1e-13);
        }
    }

    /** Gains 1 + U(−0.5, 0.5), biases U(−0.5, 0.5): away from the initialization, so that a misplaced one shows. */
    private static void perturb(RecurrentCell cell, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (String name : cell.parameters().names()) {
            if (name.startsWith("ln_")) {
                double[] v = values(cell, name);
                for (int i = 0; i < v.length; i++) {
                    v[i] += r.nextDouble() - 0.5;
                }
            }
        }
    }

    /** [LN over values 0..2H), LN over 2H..3H)] of one GRU side, with its gains and biases. */
    private static double[] gruSide(double[] v, double[] gain, double[] bias) {
        double[] out = new double[3 * H];
        double[] rz = ln(java.util.Arrays.copyOfRange(v, 0, 2 * H), java.util.Arrays.copyOfRange(gain, 0, 2 * H),
                java.util.Arrays.copyOfRange(bias, 0, 2 * H));
        double[] n = ln(java.util.Arrays.copyOfRange(v, 2 * H, 3 * H), java.util.Arrays.copyOfRange(gain, 2 * H, 3 * H),
                java.util.Arrays.copyOfRange(bias, 2 * H, 3 * H));
        System.arraycopy(rz, 0, out, 0, 2 * H);
        System.arraycopy(n, 0, out, 2 * H, H);
        return out;
    }

    /** α⊙(v − μ)/√(σ² + 1e-5) + β over all of v (Ba et al. 2016, eq. 4; ε as torch.nn.LayerNorm). */
    private static double[] ln(double[] v, double[] gain, double[] bias) {
        double mu = 0;
        for (double e : v) {
            mu += e / v.length;
        }
        double var = 0;
        for (double e : v) {
            var += (e - mu) * (e - mu) / v.length;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = gain[i] * (v[i] - mu) / Math.sqrt(var + 1e-5) + bias[i];
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
