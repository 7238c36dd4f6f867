package org.rnnlab.experiments.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.rnnlab.api.BiasInit;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Initialization;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.WeightInit;

class GradientProbeTest {

    /**
     * Theory: a linear RNN h' = g·h + Wx has ∂h_T/∂h_t = g^(T−t)·I, so σ_max = g^(T−t) exactly. A ReLU RNN with
     * W_hh = g·I, zero biases and a positive input at every step stays positive (h → 1/(1 − g)), so it is that linear RNN.
     * The probe must measure it, also at lags where g^k underflows double precision (0.3^1000 ≈ 1e-523).
     */
    @Test
    void aLinearRnnWithScaledIdentityHasSigmaGToTheK() {
        double g = 0.3;
        int steps = 1000;
        CellSpec spec = CellSpec.of("rnn", 1, 4).withNonlinearity(Nonlinearity.RELU).withPrecision(Precision.FLOAT64)
                .withInitialization(Initialization.pytorchDefault().withRecurrentWeights(WeightInit.SCALED_IDENTITY).withGain(g)
                        .withBiases(BiasInit.ZEROS));
        try (RecurrentCell cell = CellRegistry.discover().withBackend("cpu").create(spec)) {
            Tensor wih = cell.parameters().get("weight_ih_l0");
            for (int i = 0; i < wih.size(); i++) {
                wih.set(i, 1.0);
            }
            Tensor x = Tensor.zeros(Precision.FLOAT64, steps, 1, 1);
            for (int t = 0; t < steps; t++) {
                x.set(t, 1.0);
            }
            GradientProbe.Profile p = GradientProbe.probe(cell, x, 1);
            for (int k = 1; k < steps; k++) {
                // log10 σ = k·log10 g; the relative error of the log stays at round-off (products renormalised).
                assertThat(p.log10SigmaMax()[k]).as("lag %d", k).isCloseTo(k * Math.log10(g), within(1e-9 * k + 1e-12));
                assertThat(p.log10GradNorm()[k]).as("lag %d", k).isCloseTo(k * Math.log10(g), within(1e-9 * k + 1e-12));
            }
            assertThat(p.log10SigmaMax()[steps - 1]).isLessThan(-500); // far below Double.MIN_VALUE ≈ 4.9e-324
            assertThat(p.decayPerStep()).isCloseTo(g, within(1e-9));
        }
    }

    /**
     * Theory: the orthogonal RNN of Lezcano-Casado and Martínez-Rubio (2019) with the identity as its activation has
     * ∂h_T/∂h_{T−k} = W^k with W = e^{A − Aᵀ} orthogonal, so every singular value is 1 at every lag. Through the harness's
     * own probe (one backward pass per state coordinate and step, products renormalised), over 1000 steps: W is orthogonal
     * to ~1e-15, so 1000 products drift by ~1e-12 at most, far inside 1e-9.
     */
    @Test
    void theLinearOrthogonalRnnKeepsTheLargestSingularValueAtOneForAThousandSteps() {
        int steps = 1000;
        CellSpec spec = CellSpec.of("exprnn", 2, 16).withPrecision(Precision.FLOAT64).withSeed(3)
                .withSettings(org.rnnlab.api.CellSettings.of(java.util.Map.of("activation", "linear")));
        try (RecurrentCell cell = CellRegistry.discover().create(spec)) {
            assertThat(cell.backend()).isEqualTo("research");
            Tensor x = Tensor.zeros(Precision.FLOAT64, steps, 1, 2);
            java.util.SplittableRandom r = new java.util.SplittableRandom(4);
            for (int i = 0; i < x.size(); i++) {
                x.set(i, 2 * r.nextDouble() - 1);
            }
            GradientProbe.Profile p = GradientProbe.probe(cell, x, 1);
            double worst = 0;
            for (int k = 1; k <= steps; k++) {
                assertThat(p.log10SigmaMax()[k]).as("log10 σmax at lag %d", k).isCloseTo(0, within(1e-9));
                assertThat(Math.pow(10, p.log10SigmaMax()[k])).as("σmax at lag %d", k).isCloseTo(1, within(1e-9));
                worst = Math.max(worst, Math.abs(p.log10SigmaMax()[k]));
            }
            System.out.printf("[probe] exprnn linear H 16: max |log10 σmax| over lags 1..%d = %.2e%n", steps, worst);
        }
    }

    @Test
    void aTanhRnnAtInitialisationVanishesFasterThanAnLstmWithForgetBias() {
        Tensor x = Tensor.zeros(Precision.FLOAT64, 60, 1, 2);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, r.nextDouble());
        }
        CellRegistry reg = CellRegistry.discover().withBackend("cpu");
        try (RecurrentCell rnn = reg.create(CellSpec.of("rnn", 2, 16).withPrecision(Precision.FLOAT64).withSeed(1));
             RecurrentCell lstm = reg.create(CellSpec.of("lstm", 2, 16).withPrecision(Precision.FLOAT64).withSeed(1)
                     .withInitialization(Initialization.pytorchDefault().withForgetGateBias(3)))) {
            double rnnRate = GradientProbe.probe(rnn, x, 1).decayPerStep();
            double lstmRate = GradientProbe.probe(lstm, x, 1).decayPerStep();
            assertThat(rnnRate).isLessThan(0.8);
            assertThat(lstmRate).isGreaterThan(rnnRate);
        }
    }

    /**
     * A projected LSTM's state is (h [P], c [H]): the probe's one-step Jacobian, built from the cell's backward passes over
     * P + H coordinates, has the σ_max of the Jacobian taken by central differences of the cell's forward pass alone.
     * Both are float64; differences with ε = 1e-5 are exact to ~ε² ≈ 1e-10 relative.
     */
    @Test
    void aProjectedLstmsStateJacobianCoversHAndCWithTheirOwnWidths() {
        CellSpec spec = CellSpec.of("lstm", 2, 5).withProjection(3).withPrecision(Precision.FLOAT64).withSeed(4);
        Tensor x = Tensor.zeros(Precision.FLOAT64, 3, 1, 2);
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, 2 * r.nextDouble() - 1);
        }
        try (RecurrentCell cell = CellRegistry.discover().withBackend("cpu").create(spec)) {
            GradientProbe.Profile p = GradientProbe.probe(cell, x, 1);
            // The state entering the last step, and that step's input.
            org.rnnlab.api.State s = cell.forward(steps(x, 0, 2), null).finalState();
            Tensor last = steps(x, 2, 3);
            double[][] j = new double[8][8];
            double eps = 1e-5;
            for (int col = 0; col < 8; col++) {
                int m = col < 3 ? 0 : 1;
                int c = col < 3 ? col : col - 3;
                org.rnnlab.api.State plus = s.copy();
                org.rnnlab.api.State minus = s.copy();
                plus.get(m).set(c, plus.get(m).get(c) + eps);
                minus.get(m).set(c, minus.get(m).get(c) - eps);
                org.rnnlab.api.State fp = cell.forward(last, plus).finalState().copy();
                org.rnnlab.api.State fm = cell.forward(last, minus).finalState();
                for (int row = 0; row < 8; row++) {
                    int mr = row < 3 ? 0 : 1;
                    int cr = row < 3 ? row : row - 3;
                    j[row][col] = (fp.get(mr).get(cr) - fm.get(mr).get(cr)) / (2 * eps);
                }
            }
            assertThat(p.log10SigmaMax()[1]).isCloseTo(Math.log10(GradientProbe.sigmaMax(j)), within(1e-8));
        }
    }

    /** Steps [from, to) of [T, 1, X]. */
    private static Tensor steps(Tensor seq, int from, int to) {
        int x = seq.dim(2);
        Tensor out = Tensor.zeros(seq.precision(), to - from, 1, x);
        for (int i = 0; i < out.size(); i++) {
            out.set(i, seq.get(from * x + i));
        }
        return out;
    }
}
