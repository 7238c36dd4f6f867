package org.rnnlab.cpu.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.contract.GradientCheck;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkGradients;
import org.rnnlab.api.layers.NetworkPass;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.Phase;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.cpu.CpuCellProvider;

class RecurrentNetworkTest {
    private static final CellRegistry CPU = CellRegistry.of(List.of(new CpuCellProvider()));
    private static final int T = 5;
    private static final int N = 3;
    private static final int X = 3;
    private static final int H = 4;

    private static CellSpec lstm64() {
        return CellSpec.of("lstm", X, H).withPrecision(Precision.FLOAT64).withSeed(11);
    }

    @Test
    void parametersAreNamedAsPyTorchsStateDict() {
        try (RecurrentNetwork net = RecurrentNetwork.create(NetworkSpec.of(lstm64()).withLayers(2).bidirectional(Merge.CONCAT), CPU)) {
            assertThat(net.parameters().names()).containsExactly(
                    "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                    "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                    "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                    "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse");
            assertThat(net.parameters().get("weight_ih_l1").shape()).containsExactly(4 * H, 2 * H);
            assertThat(net.spec().outputSize()).isEqualTo(2 * H);
            assertThat(net.parameters().get("weight_hh_l0").maxAbsDiff(net.parameters().get("weight_hh_l0_reverse")))
                    .as("each direction has its own draw").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Merge.class)
    void aBidirectionalLayerEqualsTwoUnidirectionalRunsCombined(Merge merge) {
        NetworkSpec spec = NetworkSpec.of(lstm64()).bidirectional(merge);
        Tensor x = CellContract.random(Precision.FLOAT64, 1, T, N, X);
        Tensor gy = CellContract.random(Precision.FLOAT64, 2, T, N, spec.outputSize());
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CPU);
             RecurrentCell fwd = new CpuCellProvider().create(spec.cellSpec(0, 0));
             RecurrentCell rev = new CpuCellProvider().create(spec.cellSpec(0, 1))) {
            NetworkPass pass = net.forward(x);
            NetworkGradients g = net.backward(pass, gy, null);

            ForwardPass pf = fwd.forward(x, null);
            ForwardPass pr = rev.forward(reverse(x), null);
            Tensor a = pf.output();
            Tensor b = reverse(pr.output());
            Tensor ga = Tensor.zeros(Precision.FLOAT64, T, N, H);
            Tensor gb = Tensor.zeros(Precision.FLOAT64, T, N, H);
            for (int r = 0; r < T * N; r++) {
                for (int j = 0; j < H; j++) {
                    int i = r * H + j;
                    double av = a.get(i);
                    double bv = b.get(i);
                    double expected;
                    switch (merge) {
                        case CONCAT -> {
                            assertThat(pass.output().get(r * 2 * H + j)).isEqualTo(av);
                            assertThat(pass.output().get(r * 2 * H + H + j)).isEqualTo(bv);
                            ga.set(i, gy.get(r * 2 * H + j));
                            gb.set(i, gy.get(r * 2 * H + H + j));
                            continue;
                        }
                        case SUM -> {
                            expected = av + bv;
                            ga.set(i, gy.get(i));
                            gb.set(i, gy.get(i));
                        }
                        case MEAN -> {
                            expected = (av + bv) / 2;
                            ga.set(i, gy.get(i) / 2);
                            gb.set(i, gy.get(i) / 2);
                        }
                        default -> {
                            expected = av * bv;
                            ga.set(i, gy.get(i) * bv);
                            gb.set(i, gy.get(i) * av);
                        }
                    }
                    assertThat(pass.output().get(i)).isEqualTo(expected);
                }
            }
            Gradients gf = fwd.backward(pf, Upstream.ofOutput(ga));
            Gradients gr = rev.backward(pr, Upstream.ofOutput(reverse(gb)));
            for (String name : fwd.parameters().names()) {
                assertThat(g.parameter(name).maxAbsDiff(gf.parameter(name))).as(name).isLessThan(1e-14);
                String reverseName = name.replace("_l0", "_l0_reverse");
                assertThat(g.parameter(reverseName).maxAbsDiff(gr.parameter(name))).as(reverseName).isLessThan(1e-14);
            }
            Tensor dx = gf.input().copy();
            Tensor dxr = reverse(gr.input());
            for (int i = 0; i < dx.size(); i++) {
                dx.set(i, dx.get(i) + dxr.get(i));
            }
            assertThat(g.input().maxAbsDiff(dx)).isLessThan(1e-14);
            assertThat(pass.finalStates().get(1).h().maxAbsDiff(pr.finalState().h())).as("reverse h_n: after step 0").isZero();
        }
    }

    @Test
    void maskedAndUnmaskedRunsAgreeOnTheRealStepsInBothDirections() {
        NetworkSpec spec = NetworkSpec.of(CellSpec.of("gru", X, H).withPrecision(Precision.FLOAT64).withSeed(5))
                .withLayers(2).bidirectional(Merge.CONCAT);
        int[] lengths = {T, 2, 4};
        Mask mask = Mask.ofLengths(T, lengths);
        Tensor x = CellContract.random(Precision.FLOAT64, 3, T, N, X);
        Tensor gy = CellContract.random(Precision.FLOAT64, 4, T, N, spec.outputSize());
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CPU)) {
            NetworkPass padded = net.forward(x, null, mask);
            NetworkGradients gp = net.backward(padded, gy, null);
            List<NetworkGradients> alone = new ArrayList<>();
            for (int n = 0; n < N; n++) {
                Tensor xn = sequence(x, n, lengths[n]);
                NetworkPass p = net.forward(xn);
                alone.add(net.backward(p, sequence(gy, n, lengths[n]), null));
                for (int t = 0; t < T; t++) {
                    for (int j = 0; j < spec.outputSize(); j++) {
                        double got = padded.output().get((t * N + n) * spec.outputSize() + j);
                        if (t < lengths[n]) {
                            assertThat(got).as("t=%d n=%d", t, n).isCloseTo(p.output().get(t * spec.outputSize() + j), org.assertj.core.data.Offset.offset(1e-13));
                        } else {
                            assertThat(got).as("padding").isZero();
                        }
                    }
                }
                for (int k = 0; k < 4; k++) { // h_n of every layer and direction
                    for (int j = 0; j < H; j++) {
                        assertThat(padded.finalStates().get(k).h().get(n * H + j))
                                .isCloseTo(p.finalStates().get(k).h().get(j), org.assertj.core.data.Offset.offset(1e-13));
                    }
                }
            }
            for (String name : net.parameters().names()) {
                Tensor sum = Tensor.zeros(Precision.FLOAT64, net.parameters().get(name).shape());
                for (NetworkGradients g : alone) {
                    for (int i = 0; i < sum.size(); i++) {
                        sum.set(i, sum.get(i) + g.parameter(name).get(i));
                    }
                }
                assertThat(gp.parameter(name).maxAbsDiff(sum)).as(name).isLessThan(1e-12);
            }
        }
    }

    @Test
    void gradientsOfAStackedBidirectionalNetworkWithDropoutMatchFiniteDifferences() {
        NetworkSpec spec = NetworkSpec.of(CellSpec.of("lstm", X, H).withPrecision(Precision.FLOAT64).withSeed(3))
                .withLayers(2).bidirectional(Merge.MUL).withDropout(0.3, 99);
        Tensor x = CellContract.random(Precision.FLOAT64, 5, T, N, X);
        Tensor gy = CellContract.random(Precision.FLOAT64, 6, T, N, spec.outputSize());
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CPU)) {
            List<State> init = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                init.add(State.of(CellContract.random(Precision.FLOAT64, 40 + k, N, H), CellContract.random(Precision.FLOAT64, 50 + k, N, H)));
            }
            net.reseedDropout(7);
            NetworkPass pass = net.forward(x, init, null);
            assertThat(pass.dropoutMask(0)).isNotNull();
            NetworkGradients g = net.backward(pass, gy, null);
            DoubleSupplier loss = () -> {
                net.reseedDropout(7); // replay the same dropout masks
                NetworkPass p = net.forward(x, init, null);
                double l = 0;
                for (int i = 0; i < gy.size(); i++) {
                    l += p.output().get(i) * gy.get(i);
                }
                return l;
            };
            GradientCheck fd = new GradientCheck(1e-3, 1e-3);
            double worst = 0;
            for (String name : net.parameters().names()) {
                worst = Math.max(worst, fd.check(name, net.parameters().get(name), g.parameter(name), loss).maxError());
            }
            worst = Math.max(worst, fd.check("input", x, g.input(), loss).maxError());
            for (int k = 0; k < 4; k++) {
                worst = Math.max(worst, fd.check("h0 " + k, init.get(k).h(), g.initialStates().get(k).h(), loss).maxError());
            }
            assertThat(worst).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
        }
    }

    @Test
    void dropoutIsSeededReplayableAndOffInInference() {
        NetworkSpec spec = NetworkSpec.of(CellSpec.of("rnn", X, 64).withSeed(1)).withLayers(2).withDropout(0.25, 5);
        Tensor x = CellContract.random(Precision.FLOAT32, 8, T, N, X);
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CPU)) {
            net.reseedDropout(5);
            NetworkPass a = net.forward(x);
            net.reseedDropout(5);
            NetworkPass b = net.forward(x);
            assertThat(a.output().maxAbsDiff(b.output())).isZero();
            Tensor m = a.dropoutMask(0);
            int zeros = 0;
            for (int i = 0; i < m.size(); i++) {
                assertThat(m.get(i)).isIn(0.0, (double) (float) (1 / 0.75));
                zeros += m.get(i) == 0 ? 1 : 0;
            }
            // 960 Bernoulli(0.25) draws: mean 240, σ ≈ 13.4; ±60 is beyond 4σ.
            assertThat(zeros).isBetween(180, 300);
            NetworkPass c = net.forward(x);
            assertThat(c.output().maxAbsDiff(a.output())).as("a fresh draw differs").isPositive();
            net.phase(Phase.INFERENCE);
            NetworkPass d = net.forward(x);
            assertThat(d.dropoutMask(0)).isNull();
            assertThat(net.forward(x).output().maxAbsDiff(d.output())).isZero();
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> NetworkSpec.of(lstm64()).withLayers(0)).hasMessageContaining("layers must be in [1, 64], got 0");
        assertThatThrownBy(() -> NetworkSpec.of(lstm64()).withDropout(1, 0)).hasMessageContaining("dropout must be in [0, 1), got 1.0");
        try (RecurrentNetwork net = RecurrentNetwork.create(NetworkSpec.of(lstm64()).withLayers(2), CPU)) {
            assertThatThrownBy(() -> net.forward(CellContract.random(Precision.FLOAT64, 1, T, N, X), List.of(), null))
                    .hasMessageContaining("expected 2 initial states");
        }
    }

    private static Tensor reverse(Tensor seq) {
        int steps = seq.dim(0);
        int row = seq.size() / steps;
        Tensor out = Tensor.zeros(seq.precision(), seq.shape());
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < row; i++) {
                out.set((steps - 1 - t) * row + i, seq.get(t * row + i));
            }
        }
        return out;
    }

    /** Sequence n of a [T, N, F] batch, first {@code len} steps, as [len, 1, F]. */
    private static Tensor sequence(Tensor seq, int n, int len) {
        int f = seq.dim(2);
        Tensor out = Tensor.zeros(seq.precision(), len, 1, f);
        for (int t = 0; t < len; t++) {
            for (int j = 0; j < f; j++) {
                out.set(t * f + j, seq.get((t * seq.dim(1) + n) * f + j));
            }
        }
        return out;
    }
}
