package org.rnnlab.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

/**
 * The cpu backend's concurrent paths against the reference backend (per-step math, one thread), float64, at sizes
 * the contract kit's N = 2 never reaches: batch parts run concurrently (batch 13) and, for a batch too small to split
 * (6), per-step products split by column panels, with masks and truncated BPTT, and gate gradients whose rows lie
 * farther apart than G·H. Bound 1e-12
 * relative to each tensor's largest value: only summation order differs (measured ~1e-15).
 */
class CpuParallelPathsTest {

    static Stream<Arguments> cases() {
        // Column splits need ≥ 2^22 multiply-adds per step product (VectorGemm's threshold): N·G·H·H ≥ 4.2 M at N 6.
        return Stream.of(
                Arguments.of("rnn", 20, 48, 13, 9), Arguments.of("gru", 20, 48, 13, 9), Arguments.of("lstm", 20, 48, 13, 9),
                // G·H a multiple of 64: the gradients of the gates are laid out with rows farther apart than G·H.
                Arguments.of("rnn", 20, 64, 13, 9), Arguments.of("gru", 20, 64, 13, 9),
                Arguments.of("rnn", 30, 900, 6, 5), Arguments.of("gru", 30, 520, 6, 5), Arguments.of("lstm", 30, 450, 6, 5));
    }

    @ParameterizedTest(name = "{0} X{1} H{2} N{3} T{4}")
    @MethodSource("cases")
    void matchesTheReferenceBackend(String kind, int x, int h, int n, int t) {
        CellSpec spec = CellSpec.of(kind, x, h).withPrecision(Precision.FLOAT64).withSeed(3);
        try (RecurrentCell cpu = new CpuCellProvider().create(spec); RecurrentCell ref = new ReferenceCellProvider().create(spec)) {
            ref.parameters().load(cpu.parameters().asMap());
            Tensor in = CellContract.random(Precision.FLOAT64, 1, t, n, x);
            Tensor gy = CellContract.random(Precision.FLOAT64, 2, t, n, h);
            int[] lengths = new int[n];
            for (int b = 0; b < n; b++) {
                lengths[b] = b % 4 == 1 ? 0 : t - b % t;
            }
            Mask mask = Mask.ofLengths(t, lengths);
            for (int window : new int[] {0, t - 2}) {
                Upstream up = window == 0 ? Upstream.ofOutput(gy) : Upstream.ofOutput(gy).truncatedTo(window);
                ForwardPass pc = cpu.forward(in, null, mask);
                Gradients gc = cpu.backward(pc, up);
                ForwardPass pr = ref.forward(in, null, mask);
                Gradients gr = ref.backward(pr, up);
                Map<String, Double> errors = new LinkedHashMap<>();
                errors.put("output", CellContract.relative(pc.output(), pr.output()));
                errors.put("final h", CellContract.relative(pc.finalState().h(), pr.finalState().h()));
                errors.put("grad input", CellContract.relative(gc.input(), gr.input()));
                for (int k = 0; k < cpu.stateCount(); k++) {
                    errors.put("grad initial " + k, CellContract.relative(gc.initialState().get(k), gr.initialState().get(k)));
                }
                for (String name : cpu.parameters().names()) {
                    errors.put("grad " + name, CellContract.relative(gc.parameter(name), gr.parameter(name)));
                }
                errors.forEach((name, err) -> assertThat(err).as("%s window %d %s", kind, window, name).isLessThanOrEqualTo(1e-12));
            }
        }
    }
}
