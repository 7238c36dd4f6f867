package org.rnnlab.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.TruncatedBptt;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.contract.CellContract;

class TruncatedBpttTest {

    @Test
    void chunksCarryStateAndBackPropagateOnlyTheirLastK2Steps() {
        CellSpec spec = CellSpec.of("lstm", 3, 5).withPrecision(Precision.FLOAT64).withSeed(2);
        Tensor x = CellContract.random(Precision.FLOAT64, 1, 10, 2, 3);
        Tensor gy = CellContract.random(Precision.FLOAT64, 2, 10, 2, 5);
        List<Integer> starts = new ArrayList<>();
        List<Gradients> grads = new ArrayList<>();
        State last;
        try (RecurrentCell cell = new CpuCellProvider().create(spec)) {
            last = new TruncatedBptt(4, 2).run(cell, x, null, new TruncatedBptt.Chunk() {
                @Override
                public Upstream upstream(int start, ForwardPass pass) {
                    return Upstream.ofOutput(CellContract.slice(gy, start, start + pass.steps()));
                }

                @Override
                public void apply(int start, Gradients g) {
                    starts.add(start);
                    grads.add(g);
                }
            });
            assertThat(starts).containsExactly(0, 4, 8); // chunks of 4, 4 and the last 2 steps
            // The final state equals one uninterrupted run: parameters were not changed in apply().
            ForwardPass whole = cell.forward(x, null);
            assertThat(last.h().maxAbsDiff(whole.finalState().h())).isLessThan(1e-14);
            // Chunk 2 (steps 4..7) equals a run from the carried state with a window of 2.
            ForwardPass head = cell.forward(CellContract.slice(x, 0, 4), null);
            ForwardPass mid = cell.forward(CellContract.slice(x, 4, 8), head.finalState());
            Gradients expected = cell.backward(mid, Upstream.ofOutput(CellContract.slice(gy, 4, 8)).truncatedTo(2));
            assertThat(grads.get(1).parameter("weight_hh_l0").maxAbsDiff(expected.parameter("weight_hh_l0"))).isLessThan(1e-14);
            double early = 0;
            for (int i = 0; i < 2 * 2 * 3; i++) {
                early = Math.max(early, Math.abs(grads.get(1).input().get(i)));
            }
            assertThat(early).as("no gradient to steps 4 and 5 with k2 = 2").isZero();
        }
    }

    @Test
    void aTruncatedPassAfterAFullOneOnTheSameWorkspaceSeesNothingOfIt() {
        // The projected LSTM keeps the gradients of h for ∂W_hr: those of the full pass must not leak either.
        for (CellSpec base : List.of(CellSpec.of("rnn", 3, 5), CellSpec.of("gru", 3, 5), CellSpec.of("lstm", 3, 5),
                CellSpec.of("lstm", 3, 5).withProjection(2))) {
            CellSpec spec = base.withPrecision(Precision.FLOAT64).withSeed(4);
            String kind = spec.kind() + (spec.projectionSize() > 0 ? " proj_size " + spec.projectionSize() : "");
            int o = spec.outputSize();
            Tensor x = CellContract.random(Precision.FLOAT64, 5, 6, 2, 3);
            Upstream up = Upstream.ofOutput(CellContract.random(Precision.FLOAT64, 6, 6, 2, o)).truncatedTo(2);
            Gradients fresh;
            try (RecurrentCell cell = new CpuCellProvider().create(spec)) {
                fresh = cell.backward(cell.forward(x, null), up);
            }
            try (RecurrentCell cell = new CpuCellProvider().create(spec)) {
                cell.backward(cell.forward(x, null), Upstream.ofOutput(CellContract.random(Precision.FLOAT64, 7, 6, 2, o)));
                Gradients again = cell.backward(cell.forward(x, null), up);
                for (String name : fresh.parameters().keySet()) {
                    assertThat(again.parameter(name).maxAbsDiff(fresh.parameter(name))).as(kind + " " + name).isZero();
                }
                assertThat(again.input().maxAbsDiff(fresh.input())).as(kind + " input").isZero();
            }
        }
    }

    @Test
    void rejectsWindowsLongerThanTheChunk() {
        assertThatThrownBy(() -> new TruncatedBptt(4, 5)).hasMessageContaining("k2 (steps back-propagated) must be in [1, k1 = 4], got 5");
        assertThatThrownBy(() -> new TruncatedBptt(0, 1)).hasMessageContaining("k1");
    }
}
