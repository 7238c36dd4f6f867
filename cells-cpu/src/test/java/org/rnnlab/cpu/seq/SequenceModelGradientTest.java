package org.rnnlab.cpu.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.contract.GradientCheck;
import org.rnnlab.api.layers.LinearHead;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.cpu.CpuCellProvider;

/** Every mode's plumbing (what the network reads, where the head reads) checked by finite differences in float64. */
class SequenceModelGradientTest {
    private static final CellRegistry CPU = CellRegistry.of(List.of(new CpuCellProvider()));
    private static final Precision F64 = Precision.FLOAT64;
    private static final int T = 4;
    private static final int N = 3;
    private static final int X = 2;

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(new SequenceMode.OneToOne(), Merge.CONCAT, 1, 0),
                Arguments.of(new SequenceMode.OneToMany(T, SequenceMode.Feed.REPEAT_INPUT), Merge.SUM, 1, 0),
                Arguments.of(new SequenceMode.OneToMany(T, SequenceMode.Feed.FEED_BACK_OUTPUT), Merge.CONCAT, 2, 0),
                Arguments.of(new SequenceMode.ManyToOne(), Merge.MEAN, 2, 0),
                Arguments.of(new SequenceMode.ManyToOne(), Merge.CONCAT, 1, 0),
                Arguments.of(new SequenceMode.ManyToManySynced(), Merge.MUL, 2, 0),
                Arguments.of(new SequenceMode.ManyToManyUnsynced(2), Merge.CONCAT, 2, 0),
                // An LSTM whose h is projected to P = 5 of H = 6: the head and the next layer read P (2P concatenated).
                Arguments.of(new SequenceMode.OneToMany(T, SequenceMode.Feed.FEED_BACK_OUTPUT), Merge.CONCAT, 2, 5),
                Arguments.of(new SequenceMode.ManyToOne(), Merge.CONCAT, 2, 5),
                Arguments.of(new SequenceMode.ManyToManySynced(), Merge.SUM, 2, 5));
    }

    @ParameterizedTest(name = "{0} {1} dirs={2} proj_size={3}")
    @MethodSource("modes")
    void gradientsMatchFiniteDifferences(SequenceMode mode, Merge merge, int directions, int projection) {
        CellSpec cell = projection == 0 ? CellSpec.of("gru", X, 3) : CellSpec.of("lstm", X, 6).withProjection(projection);
        NetworkSpec spec = NetworkSpec.of(cell.withPrecision(F64).withSeed(9)).withLayers(2);
        if (directions == 2) {
            spec = spec.bidirectional(merge);
        }
        RecurrentNetwork net = RecurrentNetwork.create(spec, CPU);
        int features = mode instanceof SequenceMode.ManyToOne && directions == 2 ? merge.width(cell.outputSize()) : spec.outputSize();
        boolean sequenceInput = !(mode instanceof SequenceMode.OneToOne || mode instanceof SequenceMode.OneToMany);
        try (SequenceModel model = new SequenceModel(net, new LinearHead(features, X, F64, 4), mode)) {
            Tensor x = sequenceInput ? CellContract.random(F64, 1, T, N, X) : CellContract.random(F64, 1, N, X);
            Tensor teacher = mode instanceof SequenceMode.OneToMany ? CellContract.random(F64, 2, T, N, X) : null;
            Mask mask = sequenceInput ? Mask.ofLengths(T, T, 2, 3) : null;
            SequenceModel.Prediction p = model.forward(x, teacher, mask);
            Tensor gy = CellContract.random(F64, 3, p.output().shape());
            SequenceModel.Gradients g = model.backward(p, gy);
            DoubleSupplier loss = () -> {
                Tensor out = model.forward(x, teacher, mask).output();
                double l = 0;
                for (int i = 0; i < out.size(); i++) {
                    l += out.get(i) * gy.get(i);
                }
                return l;
            };
            GradientCheck fd = new GradientCheck(1e-3, 1e-3);
            for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
                GradientCheck.Result r = fd.check(e.getKey(), e.getValue(), g.parameters().get(e.getKey()), loss);
                assertThat(r.maxError()).as(r.toString()).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
            }
            GradientCheck.Result r = fd.check("input", x, g.input(), loss);
            assertThat(r.maxError()).as(r.toString()).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
        }
    }
}
