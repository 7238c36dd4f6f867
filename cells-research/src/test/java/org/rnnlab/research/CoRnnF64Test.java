package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rnnlab.research.CellTesting.relative;
import static org.rnnlab.research.CellTesting.row;
import static org.rnnlab.research.CellTesting.values;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

class CoRnnF64Test {
    private static final int X = 2;
    private static final int H = 3;
    private static final int N = 2;

    /**
     * Two steps of the recurrence written out by hand, {@code s = tanh(W·y + 𝒲·z + V·u + b)},
     * IMEX {@code z' = (z + Δt·(s − γ·y))/(1 + Δt·ε)}, explicit {@code z' = z + Δt·(s − γ·y − ε·z)}, {@code y' = y + Δt·z'};
     * y is the output, z the second state. The same arithmetic regrouped: 1e-14.
     */
    @ParameterizedTest(name = "{0}, dt {1}, gamma {2}, epsilon {3}")
    @CsvSource({"imex, 0.076, 0.4, 8.0", "imex, 0.9, 3.0, 0.5", "explicit, 0.076, 0.4, 8.0", "explicit, 0.3, 2.0, 1.5"})
    void twoStepsAreTheHandRolledRecurrence(String scheme, double dt, double gamma, double epsilon) {
        Map<String, Object> settings = Map.of("scheme", scheme, "dt", dt, "gamma", gamma, "epsilon", epsilon);
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("cornn", X, H, 3, settings))) {
            Tensor u = CellTesting.random(1, 2, N, X);
            double[] y = CellTesting.random(2, N, H).doubleData().clone();
            double[] z = CellTesting.random(3, N, H).doubleData().clone();
            ForwardPass pass = cell.forward(u, State.of(Tensor.wrap(y.clone(), N, H), Tensor.wrap(z.clone(), N, H)));
            double[] v = values(cell, "weight_ih_l0");
            double[] w = values(cell, "weight_hh_l0");
            double[] wz = values(cell, "weight_hz_l0");
            double[] b = values(cell, "bias_ih_l0");
            double[] out = new double[2 * N * H];
            for (int t = 0; t < 2; t++) {
                double[] yn = new double[N * H];
                double[] zn = new double[N * H];
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < H; j++) {
                        int k = n * H + j;
                        double s = Math.tanh(row(w, j, H, y, n * H) + row(wz, j, H, z, n * H) + row(v, j, X, u.doubleData(), (t * N + n) * X)
                                + b[j]);
                        zn[k] = scheme.equals("imex") ? (z[k] + dt * (s - gamma * y[k])) / (1 + dt * epsilon)
                                : z[k] + dt * (s - gamma * y[k] - epsilon * z[k]);
                        yn[k] = y[k] + dt * zn[k];
                    }
                }
                y = yn;
                z = zn;
                System.arraycopy(y, 0, out, t * N * H, N * H);
            }
            assertThat(relative(pass.output().doubleData(), out)).isLessThanOrEqualTo(1e-14);
            assertThat(relative(pass.finalState().get(0).doubleData(), y)).isLessThanOrEqualTo(1e-14);
            assertThat(relative(pass.finalState().get(1).doubleData(), z)).isLessThanOrEqualTo(1e-14);
        }
    }

    /**
     * Undriven (all weights 0, so σ(·) = tanh 0 = 0) and without spring (γ = 0) each unit is z' = −εz: the IMEX scheme
     * multiplies z by 1/(1 + Δt·ε) per step, damping it whatever Δt·ε, where the explicit scheme multiplies it by 1 − Δt·ε,
     * which grows it once Δt·ε > 2 (here 3: a factor −2 per step).
     */
    @Test
    void undrivenTheImexSchemeDampsAndTheExplicitOneCanBlowUp() {
        Map<String, Object> stiff = Map.of("dt", 0.5, "gamma", 0.0, "epsilon", 6.0);
        for (String scheme : new String[] {"imex", "explicit"}) {
            Map<String, Object> s = new java.util.HashMap<>(stiff);
            s.put("scheme", scheme);
            try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("cornn", 1, 1, 1, s))) {
                for (String p : cell.parameters().names()) {
                    CellTesting.fill(cell, p, 0);
                }
                ForwardPass pass = cell.forward(Tensor.zeros(Precision.FLOAT64, 30, 1, 1),
                        State.of(Tensor.wrap(new double[] {0.0}, 1, 1), Tensor.wrap(new double[] {1.0}, 1, 1)));
                double z = Math.abs(pass.finalState().get(1).get(0));
                if (scheme.equals("imex")) {
                    assertThat(z).as("z_30 = 1/(1 + 3)^30").isCloseTo(Math.pow(0.25, 30), org.assertj.core.api.Assertions.within(1e-30));
                } else {
                    assertThat(z).as("z_30 = |1 − 3|^30").isEqualTo(Math.pow(2, 30));
                }
            }
        }
    }
}
