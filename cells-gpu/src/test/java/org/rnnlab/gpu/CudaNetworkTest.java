package org.rnnlab.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.contract.GoldenFixture;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkGradients;
import org.rnnlab.api.layers.NetworkPass;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.cpu.CpuCellProvider;

/**
 * Bidirectional and stacked networks on cuda cells: PyTorch's {@code torch.nn.LSTM/GRU/RNN(num_layers,
 * bidirectional)} fixtures (float32 against torch's float64, bound {@link CellContract#F32_TORCH_BOUND}), and a wider
 * masked bidirectional 2-layer network against the cpu backend in float64 (bound {@link CudaCpuParityTest#BOUND}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaNetworkTest {
    private static final CellRegistry CUDA = CellRegistry.of(List.of(new CudaCellProvider()));
    private static final CellRegistry CPU = CellRegistry.of(List.of(new CpuCellProvider()));

    @BeforeAll
    void device() {
        DeviceAssumptions.requireDevice("the cuda network tests");
    }

    /** The fixtures whose cells the cuda backend offers (it has no projection of h). */
    static Stream<String> fixtures() {
        CudaCellProvider cuda = new CudaCellProvider();
        return GoldenFixture.NETWORK_FILES.stream().filter(f -> {
            GoldenFixture g = GoldenFixture.load(f);
            return g.projectionSize() == 0 || cuda.offersProjection(g.kind());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(String fixture) {
        GoldenFixture g = GoldenFixture.load(fixture);
        Precision p = Precision.FLOAT32;
        NetworkSpec spec = NetworkSpec.of(g.spec(p)).withLayers(g.layers());
        if (g.bidirectional()) {
            spec = spec.bidirectional(Merge.CONCAT);
        }
        boolean lstm = g.kind().equals("lstm");
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CUDA)) {
            assertThat(net.backend()).isEqualTo("cuda");
            Map<String, Tensor> stateDict = new LinkedHashMap<>();
            for (String name : net.parameters().names()) {
                stateDict.put(name, g.tensor(name, p));
            }
            net.parameters().load(stateDict);
            NetworkPass pass = net.forward(g.tensor("input", p), g.states("h0", lstm ? "c0" : null, p), null);
            NetworkGradients grads = net.backward(pass, g.tensor("grad_output", p), g.states("grad_h_n", lstm ? "grad_c_n" : null, p));
            Map<String, Double> errors = new LinkedHashMap<>();
            errors.put("output", CellContract.relative(pass.output(), g.tensor("output", Precision.FLOAT64)));
            errors.put("grad_input", CellContract.relative(grads.input(), g.tensor("grad_input", Precision.FLOAT64)));
            for (String name : net.parameters().names()) {
                errors.put("grad_" + name, CellContract.relative(grads.parameter(name), g.tensor("grad_" + name, Precision.FLOAT64)));
            }
            double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("[golden] cuda network %s float32: max relative error vs PyTorch %.2e (bound %.0e)%n", fixture,
                    worst, CellContract.F32_TORCH_BOUND);
            errors.forEach((name, err) -> assertThat(err).as("%s %s", fixture, name).isLessThanOrEqualTo(CellContract.F32_TORCH_BOUND));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void maskedBidirectionalStackMatchesTheCpu(String kind) {
        CellSpec cell = CellSpec.of(kind, 48, 96).withPrecision(Precision.FLOAT32).withSeed(5);
        NetworkSpec spec = NetworkSpec.of(cell).withLayers(2).bidirectional(Merge.CONCAT);
        NetworkSpec spec64 = NetworkSpec.of(cell.withPrecision(Precision.FLOAT64)).withLayers(2).bidirectional(Merge.CONCAT);
        try (RecurrentNetwork gpu = RecurrentNetwork.create(spec, CUDA); RecurrentNetwork cpu = RecurrentNetwork.create(spec64, CPU)) {
            Map<String, Tensor> weights = new LinkedHashMap<>();
            gpu.parameters().names().forEach(n -> weights.put(n, gpu.parameters().get(n).to(Precision.FLOAT64)));
            cpu.parameters().load(weights);
            int steps = 11;
            int batch = 12;
            Tensor x = CellContract.random(Precision.FLOAT32, 21, steps, batch, 48);
            Tensor gy = CellContract.random(Precision.FLOAT32, 22, steps, batch, spec.outputSize());
            int[] lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = 1 + (b * 5) % steps;
            }
            Mask mask = Mask.ofLengths(steps, lengths);
            NetworkPass pg = gpu.forward(x, null, mask);
            NetworkGradients gg = gpu.backward(pg, gy, null);
            NetworkPass pc = cpu.forward(x.to(Precision.FLOAT64), null, mask);
            NetworkGradients gc = cpu.backward(pc, gy.to(Precision.FLOAT64), null);
            Map<String, Double> errors = new LinkedHashMap<>();
            errors.put("output", CellContract.relative(pg.output(), pc.output()));
            errors.put("grad input", CellContract.relative(gg.input(), gc.input()));
            for (String name : gpu.parameters().names()) {
                errors.put("grad " + name, CellContract.relative(gg.parameter(name), gc.parameter(name)));
            }
            double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("[parity] cuda vs cpu float64 masked bidirectional 2-layer %s: max relative error %.2e (bound %.0e)%n",
                    kind, worst, CudaCpuParityTest.BOUND);
            errors.forEach((name, err) -> assertThat(err).as("%s %s", kind, name).isLessThanOrEqualTo(CudaCpuParityTest.BOUND));
        }
    }

    static Stream<String> kinds() {
        return Stream.of("rnn", "gru", "lstm");
    }
}
