package org.rnnlab.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.rnnlab.cpu.internal.f64.RecurrentKernelF64;

/**
 * The recurrence split by columns of W_hh (threads meeting at a barrier every step) gives the bits of the batch split,
 * in both precisions, with masks, truncated BPTT and given states: the split only changes which thread computes which
 * element. The property {@value RecurrentKernelF64#COLUMN_SPLIT_PROPERTY} forces either split (it is read when a kernel
 * is made; the batch 13 and 2 leave every thread samples of its own).
 */
class RecurrenceSplitsTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Precision precision : List.of(Precision.FLOAT32, Precision.FLOAT64)) {
            for (String kind : List.of("rnn", "gru", "lstm")) {
                out.add(Arguments.of(kind, precision, 20, 40, 13, 7));
                out.add(Arguments.of(kind, precision, 9, 70, 2, 5));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} X{2} H{3} N{4} T{5}")
    @MethodSource("cases")
    void byColumnsGivesTheBitsOfByBatch(String kind, Precision precision, int x, int h, int n, int t) {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "one core: the recurrence never splits by columns");
        CellSpec spec = CellSpec.of(kind, x, h).withPrecision(precision).withSeed(7);
        Tensor in = CellContract.random(precision, 1, t, n, x);
        Tensor gy = CellContract.random(precision, 2, t, n, h);
        int states = "lstm".equals(kind) ? 2 : 1;
        Tensor[] init = new Tensor[states];
        Tensor[] gFinal = new Tensor[states];
        for (int k = 0; k < states; k++) {
            init[k] = CellContract.random(precision, 3 + k, n, h);
            gFinal[k] = CellContract.random(precision, 5 + k, n, h);
        }
        int[] lengths = new int[n];
        for (int b = 0; b < n; b++) {
            lengths[b] = b % 4 == 1 ? 0 : t - b % t;
        }
        for (Mask mask : new Mask[] {null, Mask.ofLengths(t, lengths)}) {
            for (int window : new int[] {0, t - 2}) {
                List<Tensor> byColumns = run(spec, "0", in, gy, init, gFinal, mask, window);
                List<Tensor> byBatch = run(spec, "-1", in, gy, init, gFinal, mask, window);
                for (int i = 0; i < byBatch.size(); i++) {
                    Tensor a = byColumns.get(i);
                    Tensor b = byBatch.get(i);
                    for (int j = 0; j < b.size(); j++) {
                        assertThat(Double.doubleToRawLongBits(a.get(j))).as("%s mask %s window %d: tensor %d element %d", kind,
                                mask != null, window, i, j).isEqualTo(Double.doubleToRawLongBits(b.get(j)));
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aPropertyThatIsNotANumberIsRefusedWithItsName() {
        String before = System.getProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY);
        System.setProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY, "2MiB");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (RecurrentCell cell = new CpuCellProvider().create(CellSpec.of("lstm", 3, 4).withPrecision(Precision.FLOAT32))) {
                    cell.forward(CellContract.random(Precision.FLOAT32, 1, 2, 1, 3), null, null);
                }
            }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rnnlab.cpu.column-split-bytes=2MiB")
                    .hasMessageContaining("whole number");
        } finally {
            if (before == null) {
                System.clearProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY);
            } else {
                System.setProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY, before);
            }
        }
    }

    /** Output, final states, and every gradient of one forward and backward with the split the property gives. */
    private static List<Tensor> run(CellSpec spec, String splitBytes, Tensor in, Tensor gy, Tensor[] init, Tensor[] gFinal, Mask mask,
                                    int window) {
        String before = System.getProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY);
        System.setProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY, splitBytes);
        try (RecurrentCell cell = new CpuCellProvider().create(spec)) {
            ForwardPass pass = cell.forward(in, State.of(init), mask);
            Upstream up = Upstream.of(gy, State.of(gFinal));
            Gradients g = cell.backward(pass, window == 0 ? up : up.truncatedTo(window));
            List<Tensor> out = new ArrayList<>(List.of(pass.output(), g.input()));
            for (int k = 0; k < init.length; k++) {
                out.add(pass.finalState().get(k));
                out.add(g.initialState().get(k));
            }
            for (String name : cell.parameters().names()) {
                out.add(g.parameter(name));
            }
            return out;
        } finally {
            if (before == null) {
                System.clearProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY);
            } else {
                System.setProperty(RecurrentKernelF64.COLUMN_SPLIT_PROPERTY, before);
            }
        }
    }
}
