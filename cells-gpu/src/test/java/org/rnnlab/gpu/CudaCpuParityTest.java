package org.rnnlab.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.cpu.CpuCellProvider;
import org.rnnlab.gpu.internal.GpuCell;
import org.rnnlab.gpu.internal.GpuSequenceKernel.LaunchMode;

/**
 * The cuda cells against the cpu backend in float64 on the same weights, at sizes the contract kit does not reach:
 * the tiled products (batch 64, hidden 256), the 128 × 128-tile products (hidden 768, 48 steps), the small-batch products (batch ≤ 8), sizes that are no multiple of a
 * tile, masks with an empty sequence, and truncated BPTT.
 *
 * <p>Bound: 1e-4 of each tensor's largest magnitude. float32 rounds each product of ≤ 4·512 terms to a relative
 * ~1e-6 (√K·ε), and 16 steps of recurrence compound that mildly (measured on an H200 by cells-gpu/device-check.sh: ≤ 2.8e-6); a wrong index or
 * gate is off by O(1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaCpuParityTest {
    static final double BOUND = 1e-4;

    record Case(String kind, int inputSize, int hidden, int batch, int steps, boolean masked, int window, LaunchMode launch) {
        @Override
        public String toString() {
            return String.format("%s X%d H%d N%d T%d%s%s %s", kind, inputSize, hidden, batch, steps, masked ? " masked" : "",
                    window > 0 ? " window " + window : "", launch.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @BeforeAll
    void device() {
        DeviceAssumptions.requireDevice("the cuda-cpu parity tests");
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new java.util.ArrayList<>();
        for (LaunchMode launch : LaunchMode.values()) {
            for (String kind : List.of("rnn", "gru", "lstm")) {
                cases.add(new Case(kind, 128, 256, 64, 12, false, 0, launch));   // tiled and split-K products
                cases.add(new Case(kind, 40, 70, 3, 9, true, 0, launch));        // small-batch products, odd sizes, mask
                cases.add(new Case(kind, 33, 100, 13, 16, true, 7, launch));     // tiled, odd sizes, mask, truncation
                cases.add(new Case(kind, 512, 512, 2, 5, false, 0, launch));     // small batch, split-K, DeepBench width
            }
            // 128 x 128 tiles for every all-steps product on a device with up to 144 multiprocessors (H100, H200).
            cases.add(new Case("lstm", 768, 768, 64, 48, false, 0, launch));
        }
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheCpuBackendInFloat64(Case c) {
        CellSpec spec = CellSpec.of(c.kind(), c.inputSize(), c.hidden()).withPrecision(Precision.FLOAT32).withSeed(11);
        if (c.kind().equals("rnn") && c.batch() == 3) {
            spec = spec.withNonlinearity(Nonlinearity.RELU);
        }
        try (RecurrentCell gpu = new CudaCellProvider().create(spec);
             RecurrentCell cpu = new CpuCellProvider().create(spec.withPrecision(Precision.FLOAT64))) {
            ((GpuCell) gpu).kernel().launchMode(c.launch());
            Map<String, Tensor> weights = new LinkedHashMap<>();
            gpu.parameters().names().forEach(n -> weights.put(n, gpu.parameters().get(n).to(Precision.FLOAT64)));
            cpu.parameters().load(weights);
            Tensor x = CellContract.random(Precision.FLOAT32, 1, c.steps(), c.batch(), c.inputSize());
            Tensor gy = CellContract.random(Precision.FLOAT32, 2, c.steps(), c.batch(), c.hidden());
            Tensor[] init = new Tensor[gpu.stateCount()];
            Tensor[] gFinal = new Tensor[gpu.stateCount()];
            for (int k = 0; k < init.length; k++) {
                init[k] = CellContract.random(Precision.FLOAT32, 3 + k, c.batch(), c.hidden());
                gFinal[k] = CellContract.random(Precision.FLOAT32, 5 + k, c.batch(), c.hidden());
            }
            Mask mask = null;
            if (c.masked()) {
                int[] lengths = new int[c.batch()];
                for (int b = 0; b < lengths.length; b++) {
                    lengths[b] = b == 1 ? 0 : c.steps() - (b * 3) % c.steps(); // one empty sequence
                }
                mask = Mask.ofLengths(c.steps(), lengths);
            }
            Upstream up = Upstream.of(gy, State.of(gFinal));
            Upstream up64 = Upstream.of(gy.to(Precision.FLOAT64), State.of(to64(gFinal)));
            if (c.window() > 0) {
                up = up.truncatedTo(c.window());
                up64 = up64.truncatedTo(c.window());
            }
            ForwardPass pg = gpu.forward(x, State.of(init), mask);
            Gradients gg = gpu.backward(pg, up);
            ForwardPass pc = cpu.forward(x.to(Precision.FLOAT64), State.of(to64(init)), mask);
            Gradients gc = cpu.backward(pc, up64);

            Map<String, Double> errors = new LinkedHashMap<>();
            errors.put("output", CellContract.relative(pg.output(), pc.output()));
            for (int k = 0; k < init.length; k++) {
                errors.put("final state " + k, CellContract.relative(pg.finalState().get(k), pc.finalState().get(k)));
                errors.put("grad initial state " + k, CellContract.relative(gg.initialState().get(k), gc.initialState().get(k)));
            }
            errors.put("grad input", CellContract.relative(gg.input(), gc.input()));
            for (String name : gpu.parameters().names()) {
                errors.put("grad " + name, CellContract.relative(gg.parameter(name), gc.parameter(name)));
            }
            double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("[parity] cuda vs cpu float64 %s: max relative error %.2e (bound %.0e)%n", c, worst, BOUND);
            errors.forEach((name, err) -> assertThat(err).as("%s %s", c, name).isLessThanOrEqualTo(BOUND));
        }
    }

    private static Tensor[] to64(Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = ts[i].to(Precision.FLOAT64);
        }
        return out;
    }
}
