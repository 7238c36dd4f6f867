package org.rnnlab.cpu.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellRegistry;
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
 * Stacked and bidirectional networks against {@code torch.nn.LSTM/GRU/RNN(num_layers, bidirectional)}: a PyTorch
 * {@code state_dict} loads by name, and outputs, final states and every gradient agree.
 */
class NetworkPyTorchTest {
    private static final CellRegistry CPU = CellRegistry.of(List.of(new CpuCellProvider()));

    static Stream<Arguments> cases() {
        return GoldenFixture.NETWORK_FILES.stream().flatMap(f -> Stream.of(Arguments.of(f, Precision.FLOAT64), Arguments.of(f, Precision.FLOAT32)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String fixture, Precision precision) {
        GoldenFixture g = GoldenFixture.load(fixture);
        NetworkSpec spec = NetworkSpec.of(g.spec(precision)).withLayers(g.layers());
        if (g.bidirectional()) {
            spec = spec.bidirectional(Merge.CONCAT);
        }
        boolean lstm = g.kind().equals("lstm");
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CPU)) {
            Map<String, Tensor> stateDict = new LinkedHashMap<>();
            for (String name : net.parameters().names()) {
                stateDict.put(name, g.tensor(name, precision));
            }
            net.parameters().load(stateDict);
            List<State> init = g.states("h0", lstm ? "c0" : null, precision);
            NetworkPass pass = net.forward(g.tensor("input", precision), init, null);
            NetworkGradients grads = net.backward(pass, g.tensor("grad_output", precision),
                    g.states("grad_h_n", lstm ? "grad_c_n" : null, precision));

            Map<String, Double> errors = new LinkedHashMap<>();
            errors.put("output", CellContract.relative(pass.output(), g.tensor("output", Precision.FLOAT64)));
            errors.put("h_n", CellContract.relative(stack(pass.finalStates(), 0), g.tensor("h_n", Precision.FLOAT64)));
            errors.put("grad_input", CellContract.relative(grads.input(), g.tensor("grad_input", Precision.FLOAT64)));
            errors.put("grad_h0", CellContract.relative(stack(grads.initialStates(), 0), g.tensor("grad_h0", Precision.FLOAT64)));
            if (lstm) {
                errors.put("c_n", CellContract.relative(stack(pass.finalStates(), 1), g.tensor("c_n", Precision.FLOAT64)));
                errors.put("grad_c0", CellContract.relative(stack(grads.initialStates(), 1), g.tensor("grad_c0", Precision.FLOAT64)));
            }
            for (String name : net.parameters().names()) {
                errors.put("grad_" + name, CellContract.relative(grads.parameter(name), g.tensor("grad_" + name, Precision.FLOAT64)));
            }
            double bound = precision == Precision.FLOAT64 ? CellContract.F64_TORCH_BOUND : CellContract.F32_TORCH_BOUND;
            double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("[golden] cpu network %s %s: max relative error vs PyTorch %.2e (bound %.0e)%n", fixture, precision.id(),
                    worst, bound);
            errors.forEach((name, err) -> assertThat(err).as("%s %s %s", fixture, precision.id(), name).isLessThanOrEqualTo(bound));
        }
    }

    /** State tensor {@code index} of each layer and direction, stacked as PyTorch's [L·D, N, H]. */
    private static Tensor stack(List<State> states, int index) {
        Tensor first = states.get(0).get(index);
        Tensor out = Tensor.zeros(first.precision(), states.size(), first.dim(0), first.dim(1));
        for (int k = 0; k < states.size(); k++) {
            Tensor t = states.get(k).get(index);
            for (int i = 0; i < t.size(); i++) {
                out.set(k * t.size() + i, t.get(i));
            }
        }
        return out;
    }
}
