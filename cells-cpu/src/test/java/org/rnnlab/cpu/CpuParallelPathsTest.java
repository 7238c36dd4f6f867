package org.rnnlab.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>The reference backend has no projection, so a projected LSTM's concurrent paths are checked against the same
 * cell run one sample at a time (one part, no column split: the path the contract kit checks against finite
 * differences and PyTorch), with the same bound.
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

    static Stream<Arguments> projectedCases() {
        // Batch parts at N 13; at N 6 column splits of the W_hh products (N·4H·P = 4.3 M ≥ 2^22 multiply-adds).
        return Stream.of(Arguments.of(20, 48, 16, 13, 9), Arguments.of(20, 64, 5, 13, 9), Arguments.of(30, 450, 400, 6, 5));
    }

    @ParameterizedTest(name = "lstm X{0} H{1} P{2} N{3} T{4}")
    @MethodSource("projectedCases")
    void aProjectedLstmMatchesItselfRunOneSampleAtATime(int x, int h, int p, int n, int t) {
        CellSpec spec = CellSpec.of("lstm", x, h).withProjection(p).withPrecision(Precision.FLOAT64).withSeed(5);
        try (RecurrentCell cell = new CpuCellProvider().create(spec)) {
            Tensor in = CellContract.random(Precision.FLOAT64, 1, t, n, x);
            Tensor gy = CellContract.random(Precision.FLOAT64, 2, t, n, p);
            State init = State.of(CellContract.random(Precision.FLOAT64, 3, n, p), CellContract.random(Precision.FLOAT64, 4, n, h));
            State gFinal = State.of(CellContract.random(Precision.FLOAT64, 5, n, p), CellContract.random(Precision.FLOAT64, 6, n, h));
            int[] lengths = new int[n];
            for (int b = 0; b < n; b++) {
                lengths[b] = b % 4 == 1 ? 0 : t - b % t;
            }
            // Right-padded sequences with full BPTT, then every sequence whole with a truncation window.
            compareWithSamples(cell, in, gy, init, gFinal, lengths, Mask.ofLengths(t, lengths), 0);
            int[] whole = new int[n];
            java.util.Arrays.fill(whole, t);
            compareWithSamples(cell, in, gy, init, gFinal, whole, null, t - 2);
        }
    }

    /** The batch against each sample alone over its {@code lengths[b]} real steps; {@code window} 0 is full BPTT. */
    private static void compareWithSamples(RecurrentCell cell, Tensor in, Tensor gy, State init, State gFinal, int[] lengths, Mask mask,
                                           int window) {
        int t = in.dim(0);
        int n = in.dim(1);
        Upstream up = window == 0 ? Upstream.of(gy, gFinal) : Upstream.of(gy, gFinal).truncatedTo(window);
        ForwardPass pass = cell.forward(in, init, mask);
        Tensor out = pass.output();
        State fin = pass.finalState();
        Gradients g = cell.backward(pass, up);
        Map<String, Tensor> summed = new LinkedHashMap<>();
        for (String name : cell.parameters().names()) {
            summed.put(name, Tensor.zeros(Precision.FLOAT64, cell.parameters().get(name).shape()));
        }
        Map<String, Double> errors = new LinkedHashMap<>();
        for (int b = 0; b < n; b++) {
            int len = lengths[b];
            List<Tensor> initB = List.of(row(init.h(), b), row(init.c(), b));
            List<Tensor> gFinalB = List.of(row(gFinal.h(), b), row(gFinal.c(), b));
            if (len == 0) {
                errors.put("final state of empty " + b, CellContract.relative(row(fin.h(), b), initB.get(0)));
                errors.put("grad h0 of empty " + b, CellContract.relative(row(g.initialState().h(), b), gFinalB.get(0)));
                continue;
            }
            Tensor xb = steps(in, b, len);
            ForwardPass pb = cell.forward(xb, State.of(initB.get(0), initB.get(1)));
            Tensor outB = pb.output();
            Tensor finH = pb.finalState().h();
            Tensor finC = pb.finalState().c();
            Upstream upB = Upstream.of(steps(gy, b, len), State.of(gFinalB.get(0), gFinalB.get(1)));
            Gradients gb = cell.backward(pb, window == 0 ? upB : upB.truncatedTo(window));
            errors.merge("output", CellContract.relative(steps(out, b, len), outB), Math::max);
            errors.merge("final h", CellContract.relative(row(fin.h(), b), finH), Math::max);
            errors.merge("final c", CellContract.relative(row(fin.c(), b), finC), Math::max);
            errors.merge("grad input", CellContract.relative(steps(g.input(), b, len), gb.input()), Math::max);
            errors.merge("grad h0", CellContract.relative(row(g.initialState().h(), b), gb.initialState().h()), Math::max);
            errors.merge("grad c0", CellContract.relative(row(g.initialState().c(), b), gb.initialState().c()), Math::max);
            for (String name : cell.parameters().names()) {
                Tensor acc = summed.get(name);
                for (int i = 0; i < acc.size(); i++) {
                    acc.set(i, acc.get(i) + gb.parameter(name).get(i));
                }
            }
        }
        for (String name : cell.parameters().names()) {
            errors.put("grad " + name, CellContract.relative(g.parameter(name), summed.get(name)));
        }
        errors.forEach((name, err) -> assertThat(err).as("window %d %s", window, name).isLessThanOrEqualTo(1e-12));
    }

    /** Row b of [N, W] as [1, W]. */
    private static Tensor row(Tensor t, int b) {
        int w = t.dim(1);
        Tensor out = Tensor.zeros(t.precision(), 1, w);
        for (int j = 0; j < w; j++) {
            out.set(j, t.get(b * w + j));
        }
        return out;
    }

    /** Steps [0, len) of sample b of [T, N, W] as [len, 1, W]. */
    private static Tensor steps(Tensor seq, int b, int len) {
        int n = seq.dim(1);
        int w = seq.dim(2);
        Tensor out = Tensor.zeros(seq.precision(), len, 1, w);
        for (int s = 0; s < len; s++) {
            for (int j = 0; j < w; j++) {
                out.set(s * w + j, seq.get((s * n + b) * w + j));
            }
        }
        return out;
    }
}
