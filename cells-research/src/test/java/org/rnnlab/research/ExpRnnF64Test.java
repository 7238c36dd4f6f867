package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.rnnlab.research.CellTesting.values;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

class ExpRnnF64Test {

    /** W = e^{A − Aᵀ} as the cell's {@code prepare} makes it, from the cell's current parameters. */
    private static double[] recurrentMatrix(RecurrentCell cell) {
        CellSpec spec = cell.spec();
        ExpRnnF64 step = new ExpRnnF64(spec, ExpRnnSettings.of(spec.settings()));
        double[][] params = new double[cell.parameters().count()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = cell.parameters().get(i).doubleData();
        }
        double[][] prepared = step.prepare(params);
        assertThat(prepared.length).isEqualTo(params.length + 1);
        return prepared[params.length];
    }

    private static double orthogonalityError(double[] w, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += w[k * n + i] * w[k * n + j];
                }
                worst = Math.max(worst, Math.abs(dot - (i == j ? 1 : 0)));
            }
        }
        return worst;
    }

    /** Orthogonal at initialization and for any A (here entries U(−1, 1): ‖A − Aᵀ‖₁ up to 53 at H 65, which takes squarings). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 32, 65})
    void theRecurrentMatrixIsOrthogonal(int h) {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("exprnn", 2, h, h, Map.of()))) {
            // Measured ≤ 5.4e-15 (H 65, ‖A − Aᵀ‖₁ 53); 1e-12 is the contract of the parametrisation at these sizes.
            assertThat(orthogonalityError(recurrentMatrix(cell), h)).as("initial, H %d", h).isLessThanOrEqualTo(1e-12);
            double[] a = values(cell, "log_weight_hh_l0");
            SplittableRandom r = new SplittableRandom(h);
            for (int i = 0; i < a.length; i++) {
                a[i] = 2 * r.nextDouble() - 1;
            }
            assertThat(orthogonalityError(recurrentMatrix(cell), h)).as("random A, H %d", h).isLessThanOrEqualTo(1e-12);
        }
    }

    /**
     * Henaff's draw: A − Aᵀ block diagonal with blocks [[0, θ], [−θ, 0]], θ ∈ (−π, π), so W is a rotation by θ in each
     * plane (2i, 2i+1); with odd H the last unit is fixed (W's last diagonal entry 1). The Cayley draw: θ ∈ [−1, 0].
     */
    @Test
    void theInitializationsGiveBlockDiagonalRotations() {
        int h = 9;
        for (String init : new String[] {"henaff", "cayley"}) {
            try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("exprnn", 2, h, 3, Map.of("init", init)))) {
                double[] a = values(cell, "log_weight_hh_l0");
                double[] w = recurrentMatrix(cell);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < h; j++) {
                        boolean generator = i % 2 == 0 && j == i + 1;
                        if (!generator) {
                            assertThat(a[i * h + j]).as("%s A[%d, %d]", init, i, j).isZero();
                        }
                    }
                }
                for (int b = 0; 2 * b + 1 < h; b++) {
                    double theta = a[2 * b * h + 2 * b + 1];
                    if (init.equals("henaff")) {
                        assertThat(theta).isBetween(-Math.PI, Math.PI);
                    } else {
                        assertThat(theta).isBetween(-1.0, 0.0);
                    }
                    int r0 = 2 * b;
                    // A 2×2 rotation through the Padé approximant: a few ulps.
                    assertThat(w[r0 * h + r0]).isCloseTo(Math.cos(theta), within(1e-14));
                    assertThat(w[r0 * h + r0 + 1]).isCloseTo(Math.sin(theta), within(1e-14));
                    assertThat(w[(r0 + 1) * h + r0]).isCloseTo(-Math.sin(theta), within(1e-14));
                }
                assertThat(w[(h - 1) * h + h - 1]).isCloseTo(1, within(1e-15));
            }
        }
    }

    /** H = 2, linear: W is the rotation by θ = A[0, 1], so one step is h' = R(θ)·h + V·x + b exactly. */
    @Test
    void aLinearStepRotatesTheStateAndAddsTheInput() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("exprnn", 1, 2, 4, Map.of("activation", "linear")))) {
            double theta = 0.7;
            System.arraycopy(new double[] {0, theta, 0, 0}, 0, values(cell, "log_weight_hh_l0"), 0, 4);
            double[] v = values(cell, "weight_ih_l0");
            double[] b = values(cell, "bias_ih_l0");
            double[] h = {0.3, -1.2};
            double x = 0.45;
            ForwardPass pass = cell.forward(Tensor.wrap(new double[] {x}, 1, 1, 1), State.of(Tensor.wrap(h.clone(), 1, 2)));
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            assertThat(pass.output().get(0)).isCloseTo(c * h[0] + s * h[1] + v[0] * x + b[0], within(1e-15));
            assertThat(pass.output().get(1)).isCloseTo(-s * h[0] + c * h[1] + v[1] * x + b[1], within(1e-15));
        }
    }

    /** Without input and bias the linear cell is h_T = W^T·h_0 with W orthogonal: the norm stays, over 500 steps. */
    @Test
    void withoutInputTheLinearCellKeepsTheNormOfItsState() {
        CellSpec spec = CellTesting.spec("exprnn", 2, 16, 5, Map.of("activation", "linear")).withBias(false);
        try (RecurrentCell cell = CellTesting.cell(spec)) {
            Tensor h0 = CellTesting.random(6, 1, 16);
            ForwardPass pass = cell.forward(Tensor.zeros(Precision.FLOAT64, 500, 1, 2), State.of(h0));
            double n0 = norm(h0.doubleData());
            double nT = norm(pass.finalState().h().doubleData());
            // Each step multiplies by a matrix orthogonal to ~1e-15: 500 steps, ~1e-13.
            assertThat(nT).isCloseTo(n0, within(1e-12 * n0));
            assertThat(pass.finalState().h().maxAbsDiff(h0)).as("and it moved").isGreaterThan(0.1);
        }
    }

    /** modReLU: sign(z)·max(|z| + b, 0); with W = I (A = 0), no input and no bias, z = h. */
    @Test
    void modReluShrinksTheMagnitudeByItsThresholdAndKeepsTheSign() {
        CellSpec spec = CellTesting.spec("exprnn", 1, 3, 6, Map.of()).withBias(false);
        try (RecurrentCell cell = CellTesting.cell(spec)) {
            CellTesting.fill(cell, "log_weight_hh_l0", 0);
            System.arraycopy(new double[] {-0.1, -0.01, 0.2}, 0, values(cell, "modrelu_bias_l0"), 0, 3);
            ForwardPass pass = cell.forward(Tensor.zeros(Precision.FLOAT64, 1, 1, 1),
                    State.of(Tensor.wrap(new double[] {-0.5, 0.004, 0.3}, 1, 3)));
            assertThat(pass.output().get(0)).isCloseTo(-0.4, within(1e-15));
            assertThat(pass.output().get(1)).isZero();
            assertThat(pass.output().get(2)).isCloseTo(0.5, within(1e-15));
        }
    }

    /** ∂L/∂A = D − Dᵀ: exactly antisymmetric (each entry one subtraction of the same two numbers). */
    @Test
    void theGeneratorsGradientIsAntisymmetric() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("exprnn", 2, 5, 7, Map.of("activation", "tanh")))) {
            Tensor x = CellTesting.random(8, 4, 2, 2);
            ForwardPass pass = cell.forward(x, null);
            Tensor g = cell.backward(pass, Upstream.ofOutput(CellTesting.random(9, 4, 2, 5))).parameter("log_weight_hh_l0");
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    assertThat(g.get(i * 5 + j)).isEqualTo(-g.get(j * 5 + i));
                }
            }
            assertThat(g.maxAbsDiff(Tensor.zeros(Precision.FLOAT64, 5, 5))).isPositive();
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
