package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.rnnlab.research.CellTesting.row;
import static org.rnnlab.research.CellTesting.values;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;

class IndRnnF64Test {
    private static final int X = 3;
    private static final int H = 4;
    private static final int N = 2;
    private static final int T = 6;

    /** With u = 0 no unit sees its past: every output row is relu(W·x_t + b), whatever the state was. */
    @Test
    void withZeroRecurrentWeightsItIsAFeedForwardReluLayer() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("indrnn", X, H, 2, Map.of()))) {
            CellTesting.fill(cell, "weight_hh_l0", 0);
            Tensor x = CellTesting.random(1, T, N, X);
            ForwardPass pass = cell.forward(x, State.of(CellTesting.random(2, N, H)));
            double[] w = values(cell, "weight_ih_l0");
            double[] b = values(cell, "bias_ih_l0");
            int active = 0;
            for (int t = 0; t < T; t++) {
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < H; j++) {
                        double want = Math.max(0, row(w, j, X, x.doubleData(), (t * N + n) * X) + b[j]);
                        active += want > 0 ? 1 : 0;
                        // One dot product of 3 terms plus a bias, summed in another order: 1e-15.
                        assertThat(pass.output().get((t * N + n) * H + j)).isCloseTo(want, within(1e-15));
                    }
                }
            }
            assertThat(active).as("both sides of the relu are exercised").isBetween(1, T * N * H - 1);
        }
    }

    /** Through an active unit the gradient over T steps is u^T (the paper's §3.1): with W = 0 and b = 1, h stays > 0. */
    @Test
    void theGradientThroughAnActiveUnitIsItsRecurrentWeightToThePowerT() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("indrnn", 1, 3, 4, Map.of("magnitude", 100.0, "length", 10)))) {
            CellTesting.fill(cell, "weight_ih_l0", 0);
            CellTesting.fill(cell, "bias_ih_l0", 1);
            double[] u = {0.5, 1.0, 1.4};
            System.arraycopy(u, 0, values(cell, "weight_hh_l0"), 0, 3);
            int steps = 20;
            ForwardPass pass = cell.forward(Tensor.zeros(org.rnnlab.api.Precision.FLOAT64, steps, 1, 1),
                    State.of(Tensor.wrap(new double[] {1, 1, 1}, 1, 3)));
            Gradients g = cell.backward(pass, Upstream.ofFinalState(State.of(Tensor.wrap(new double[] {1, 1, 1}, 1, 3))));
            for (int j = 0; j < 3; j++) {
                // 20 products of one double each: 20 roundings, 1e-14 relative.
                assertThat(g.initialState().h().get(j)).isCloseTo(Math.pow(u[j], steps), within(1e-14 * Math.pow(u[j], steps)));
            }
        }
    }

    /** u ~ U(γ^{−1/T}, γ^{1/T}): the defaults' band (2^{∓1/500}), within the bound, and spread over it. */
    @Test
    void theRecurrentWeightsAreDrawnInThePapersBand() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("indrnn", X, 256, 3, Map.of()))) {
            double lo = Math.pow(2, -1.0 / 500);
            double hi = Math.pow(2, 1.0 / 500);
            double[] u = values(cell, "weight_hh_l0");
            for (double v : u) {
                assertThat(v).isBetween(lo, hi);
            }
            double min = java.util.Arrays.stream(u).min().orElseThrow();
            double max = java.util.Arrays.stream(u).max().orElseThrow();
            // 256 uniform draws leave gaps of ~1/256 of the band at either end.
            assertThat(min - lo).isLessThan((hi - lo) * 0.05);
            assertThat(hi - max).isLessThan((hi - lo) * 0.05);
        }
    }

    /** The identity start (IRNN's, which the paper compares with): u = gain, every unit, in both precisions; W keeps its draw. */
    @Test
    void theIdentityInitializationStartsEveryUnitAtTheGain() {
        org.rnnlab.api.Initialization identity = org.rnnlab.api.Initialization.pytorchDefault()
                .withRecurrentWeights(org.rnnlab.api.WeightInit.SCALED_IDENTITY);
        for (org.rnnlab.api.Precision p : org.rnnlab.api.Precision.values()) {
            try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("indrnn", X, H, 3, Map.of()).withPrecision(p)
                    .withInitialization(identity))) {
                Tensor u = cell.parameters().get("weight_hh_l0");
                for (int j = 0; j < H; j++) {
                    assertThat(u.get(j)).as("%s u[%d]", p, j).isEqualTo(1.0);
                }
                assertThat(cell.parameters().get("weight_ih_l0").get(0)).isNotZero();
            }
        }
    }

    /** |u| ≤ γ^{1/T} after constrainParameters, on every cell of a stacked bidirectional network, values inside untouched. */
    @Test
    void constrainParametersClipsTheRecurrentWeightsToTheBound() {
        double bound = Math.pow(3, 1.0 / 4);
        NetworkSpec net = NetworkSpec.of(CellTesting.spec("indrnn", X, H, 5, Map.of("magnitude", 3.0, "length", 4))).withLayers(2)
                .bidirectional(Merge.CONCAT);
        try (RecurrentNetwork n = RecurrentNetwork.create(net, CellRegistry.of(List.of(new ResearchCellProvider())))) {
            List<String> us = n.parameters().names().stream().filter(s -> s.startsWith("weight_hh")).toList();
            assertThat(us).containsExactlyInAnyOrder("weight_hh_l0", "weight_hh_l0_reverse", "weight_hh_l1", "weight_hh_l1_reverse");
            for (String name : us) {
                Tensor u = n.parameters().get(name);
                u.set(0, 5.0);
                u.set(1, -2.0);
                u.set(2, 0.3);
                u.set(3, -bound);
            }
            n.constrainParameters();
            for (String name : us) {
                Tensor u = n.parameters().get(name);
                assertThat(u.get(0)).as(name).isEqualTo(bound);
                assertThat(u.get(1)).as(name).isEqualTo(-bound);
                assertThat(u.get(2)).as(name).isEqualTo(0.3);
                assertThat(u.get(3)).as(name).isEqualTo(-bound);
            }
        }
    }

    /** The constraint holds from the start: the spec's standard draw of u is replaced and clipped when the cell is made. */
    @Test
    void theConstraintHoldsAfterInitialization() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("indrnn", X, 64, 6, Map.of("magnitude", 1.0, "length", 1)))) {
            assertThat(values(cell, "weight_hh_l0")).containsOnly(1.0); // γ = 1: the band U(1, 1) and the bound are 1
        }
    }
}
