package org.rnnlab.experiments.sweep.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.sweep.InvalidSweepException;
import org.rnnlab.experiments.sweep.SweepFiles;
import org.rnnlab.optimizers.TrainingComponents;
import org.rnnlab.experiments.sweep.SweepFixture;

/** Every name is resolved once, at load; an unknown or ill-set one fails before anything runs, at its key's line. */
class SweepPlanTest {
    private static final String BASE = "cells: [rnn, bi-lstm]\nlengths: [10, 5]\nseeds: [1, 2]\n";

    @Test
    void theGridExpandsIntoTypedSeriesInGridOrder() throws Exception {
        SweepPlan plan = SweepFixture.plan(BASE + "initializations: [pytorch, forget_bias]\noptimizers: [{name: adam, lr: 0.01}]\n");
        assertThat(plan.ladder()).containsExactly(5, 10);
        assertThat(plan.series()).extracting(s -> s.cell().label() + "/" + s.init().id() + "/" + s.seed())
                .containsExactly("rnn/pytorch/1", "rnn/pytorch/2", "bi-lstm/pytorch/1", "bi-lstm/pytorch/2", "bi-lstm/forget_bias/1",
                        "bi-lstm/forget_bias/2");
        assertThat(plan.series().get(2).cell()).isEqualTo(new CellChoice("lstm", Direction.BIDIRECTIONAL));
        assertThat(plan.notes()).containsExactly("initialization 'forget_bias' applies to lstm cells only: not run for rnn");
        assertThat(plan.pointCount()).as("6 series × (2 rungs + 2 bisection steps)").isEqualTo(24);
        assertThat(plan.memoryProbes()).extracting(k -> k.cell().label()).containsExactly("rnn", "lstm");
    }

    @Test
    void everyNameAndSettingIsCheckedBeforeAnythingRuns() {
        assertThatThrownBy(() -> SweepFixture.plan(BASE + "optimizers:\n  - {name: adamx, lr: 0.01}\n"))
                .isInstanceOf(InvalidSweepException.class)
                .hasMessage("sweep.yaml line 5: key 'optimizers[0].name': unknown optimizer 'adamx'; known: adagrad, adam, adamw, rmsprop, sgd");
        assertThatThrownBy(() -> SweepFixture.plan(BASE + "optimizers:\n  - name: adam\n    lr: -1\n"))
                .hasMessage("sweep.yaml line 6: key 'optimizers[0].lr': optimizer 'adam': 'lr' must be in [0, ∞), got -1.0");
        assertThatThrownBy(() -> SweepFixture.plan(BASE + "optimizers:\n  - name: adam\n    betas:\n      - 1.5\n      - 0.99\n"))
                .hasMessage("sweep.yaml line 7: key 'optimizers[0].betas[0]': optimizer 'adam': 'betas[0]' must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> SweepFixture.plan(BASE + "optimizers:\n  - {name: adam, momentum: 0.9}\n"))
                .hasMessageContaining("key 'optimizers[0]': optimizer 'adam': unknown setting 'momentum'");
        assertThatThrownBy(() -> SweepFixture.plan(BASE + "clipping:\n  - name: global_norm\n    max_norm: -1\n"))
                .hasMessage("sweep.yaml line 6: key 'clipping[0].max_norm': clipping 'global_norm': max_norm must be finite and > 0, got -1.0");
        assertThatThrownBy(() -> SweepFixture.plan("cells: [rnn, lstn]\n"))
                .hasMessageStartingWith("sweep.yaml line 1: key 'cells[1]': unknown cell kind 'lstn'; known: brittle, cornn, exprnn, gru, "
                        + "indrnn, ln_gru, ln_lstm, lstm, peephole_lstm, rnn");
        assertThatThrownBy(() -> SweepFixture.plan("cells: [lstm, bi-lstm, LSTM]\n")).hasMessageContaining("key 'cells[2]'")
                .hasMessageContaining("repeats lstm");
        assertThatThrownBy(() -> SweepFixture.plan("cells: [lstm, {name: LSTM}]\n")).hasMessageContaining("repeats lstm");
        assertThatThrownBy(() -> SweepFixture.plan("backend: tpu\n"))
                .hasMessageStartingWith("sweep.yaml line 1: key 'backend': unknown backend 'tpu'; known: auto, ");
        assertThatThrownBy(() -> SweepFixture.plan("tasks: [adding, addng]\n"))
                .hasMessageStartingWith("sweep.yaml line 1: key 'tasks[1]': unknown task 'addng'; known: adding");
        assertThatThrownBy(() -> SweepFixture.plan("initializations: [he]\n"))
                .hasMessageContaining("key 'initializations[0]': unknown initialization 'he'; known: pytorch, xavier");
        assertThatThrownBy(() -> SweepFixture.plan("cells: [rnn]\ninitializations: [forget_bias]\n"))
                .hasMessageContaining("no initialization listed applies to cell 'rnn'");
        assertThatThrownBy(() -> SweepFixture.plan("precision: float16\n"))
                .hasMessage("sweep.yaml line 1: key 'precision': unknown precision 'float16'; known: float32, float64");
    }

    @Test
    void aCellTakesAProjectionAndItsKindsSettingsEachInTheLabelAndTheFingerprint() throws Exception {
        SweepPlan plan = SweepFixture.plan("cells: [lstm, {name: lstm, proj_size: 4}, {name: bi-cornn, dt: 0.05, scheme: explicit}]\n"
                + "hidden: [8]\nseeds: [1]\noptimizers: [{name: adam, lr: 0.01}]\nprecision: float64\n");
        assertThat(plan.cells()).extracting(CellChoice::label).containsExactly("lstm", "lstm(proj_size=4)",
                "bi-cornn(dt=0.05 scheme=explicit)");
        CellChoice projected = plan.cells().get(1);
        assertThat(projected.projection()).isEqualTo(4);
        assertThat(projected.spec(2, 8, org.rnnlab.api.Precision.FLOAT64, org.rnnlab.api.Initialization.pytorchDefault(), 1)
                .projectionSize()).isEqualTo(4);
        CellChoice cornn = plan.cells().get(2);
        assertThat(cornn.direction()).isEqualTo(Direction.BIDIRECTIONAL);
        assertThat(cornn.settings().number("dt", 0)).isEqualTo(0.05);
        // Each cell has its own points and memory probe; a plain cell's fingerprint does not depend on the cells beside it.
        assertThat(plan.series().stream().map(x -> plan.point(x, 5).fingerprint()).distinct()).hasSize(3);
        assertThat(plan.memoryProbes()).extracting(k -> k.cell().label()).containsExactly("lstm", "lstm(proj_size=4)",
                "cornn(dt=0.05 scheme=explicit)");
        assertThat(firstFingerprint(plan)).as("plain lstm").isEqualTo(fingerprintOf("lstm"));
        assertThat(fingerprintOf("{name: bi-cornn, dt: 0.06, scheme: explicit}"))
                .isNotEqualTo(plan.point(plan.series().get(2), 5).fingerprint());
        // 8.0 and 8 are one setting: one label, one fingerprint; a setting left out is another cell.
        SweepPlan whole = oneCell("{name: bi-cornn, dt: 0.05, scheme: explicit, gamma: 0.4, epsilon: 8.0}");
        assertThat(whole.cells().get(0).label()).isEqualTo("bi-cornn(dt=0.05 epsilon=8 gamma=0.4 scheme=explicit)");
        assertThat(firstFingerprint(whole)).isEqualTo(fingerprintOf("{name: bi-cornn, dt: 0.05, scheme: explicit, gamma: 0.4, epsilon: 8}"))
                .isNotEqualTo(fingerprintOf("{name: bi-cornn, dt: 0.05, scheme: explicit, gamma: 0.4}"));
        // The model a worker builds is the cell as written.
        try (var model = new org.rnnlab.experiments.sweep.work.Worker(plan, CellRegistry.discover(), TrainingComponents.discover(), "here")
                .model(plan.series().get(1), 5)) {
            assertThat(model.network().cell(0, 0).spec().projectionSize()).isEqualTo(4);
        }
    }

    /** A float64 plan of one cell, as a sweep file writes it, at H 8 with one seed and one rate. */
    private static SweepPlan oneCell(String cell) throws Exception {
        return SweepFixture.plan("cells: [" + cell + "]\nhidden: [8]\nseeds: [1]\noptimizers: [{name: adam, lr: 0.01}]\nprecision: float64\n");
    }

    private static String firstFingerprint(SweepPlan plan) {
        return plan.point(plan.series().get(0), 5).fingerprint();
    }

    private static String fingerprintOf(String cell) throws Exception {
        return firstFingerprint(oneCell(cell));
    }

    @Test
    void aBadCellSettingIsRefusedAtItsKeyBeforeAnythingRuns() {
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - rnn\n  - name: cornn\n    dt: 1.5\nprecision: float64\n"))
                .hasMessageStartingWith("sweep.yaml line 4: key 'cells[1].dt': cell 'cornn(dt=1.5)' cannot run in float64: ")
                .hasMessageContaining("setting 'dt' must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: cornn\n    dtt: 0.1\nprecision: float64\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'cells[0].dtt': ").hasMessageContaining("has no setting 'dtt'");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: lstm\n    proj_size: 64\nhidden: [64]\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'cells[0].proj_size': ").hasMessageContaining("smaller than hidden_size");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: gru\n    proj_size: 4\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'cells[0].proj_size': ").hasMessageContaining("torch.nn.GRU has no proj_size");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: lstm\n    proj_size: 2.5\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'cells[0].proj_size': 'proj_size' must be a whole number");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: rnn\n    dt: 0.1\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'cells[0].dt': ").hasMessageContaining("kind 'rnn' takes no settings");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: cornn\n    dt: [0.1]\nprecision: float64\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'cells[0].dt': ").hasMessageContaining("must be a number, text or a boolean");
        assertThatThrownBy(() -> SweepFixture.plan("cells:\n  - name: lstm\n    proj_size: 4\ninitializations: [identity]\n"))
                .hasMessageContaining("key 'cells[0].proj_size'").hasMessageContaining("SCALED_IDENTITY needs square gate blocks");
    }

    @Test
    void aPluginCellIsCheckedForThePrecisionAtLoad() throws Exception {
        // A per-step plugin whose provider supplies no float32 twin: refused in a float32 sweep, with the two ways out first.
        assertThatThrownBy(() -> SweepFixture.plan("cells: [rnn, brittle]\n"))
                .hasMessageStartingWith("sweep.yaml line 1: key 'cells[1]': cell 'brittle' cannot run in float32: 'brittle' is offered "
                        + "in float64 only (by brittle-plugin): set 'precision: float64', or give its provider a float32 twin (a "
                        + "per-step plugin: README, \"Adding a cell\"). no backend can run brittle/float32.")
                .hasMessageContaining("brittle-plugin: available, but does not offer brittle/float32 (brittle in float64)");
        assertThat(SweepFixture.plan("cells: [rnn, brittle]\nprecision: float64\n").series()).as("2 cells × 2 rates × 3 seeds").hasSize(12);
        // A step provider that supplies float32 twins (the reference cells, unrolled as a plugin's are) runs in float32.
        SweepPlan reference = SweepFixture.plan("backend: reference\ncells: [rnn, gru, lstm]\n");
        assertThat(reference.precision()).isEqualTo(org.rnnlab.api.Precision.FLOAT32);
        assertThat(reference.series()).as("3 cells × 2 rates × 3 seeds").hasSize(18);
    }

    @Test
    void aKindNoBackendOffersInAnyPrecisionGetsNoPrecisionHint() {
        assertThatThrownBy(() -> SweepFixture.plan("backend: brittle-plugin\ncells: [rnn]\nprecision: float64\n"))
                .hasMessageStartingWith("sweep.yaml line 2: key 'cells[0]': cell 'rnn' cannot run in float64: backend 'brittle-plugin' "
                        + "(from explicit choice) does not offer rnn/float64");
    }

    @Test
    void anEngineThatRunsElsewhereNeedsTheCellsOfferedNotAvailableHere() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(new org.rnnlab.gpu.CudaCellProvider().probe().available(),
                "a CUDA device is present here");
        SweepFiles.Loaded cuda = SweepFiles.parse(new java.io.ByteArrayInputStream("backend: cuda\n".getBytes()), "sweep.yaml");
        CellRegistry registry = CellRegistry.discover();
        TrainingComponents components = TrainingComponents.discover();
        assertThatThrownBy(() -> SweepPlan.resolve(cuda, registry, components, SweepPlan.CellCheck.AVAILABLE_HERE))
                .hasMessageContaining("cell 'rnn' cannot run in float32: backend 'cuda' (from explicit choice) is unavailable");
        assertThat(SweepPlan.resolve(cuda, registry, components, SweepPlan.CellCheck.OFFERED).series()).hasSize(18);
        SweepFiles.Loaded f64 = SweepFiles.parse(new java.io.ByteArrayInputStream("backend: cuda\nprecision: float64\n".getBytes()),
                "sweep.yaml");
        assertThatThrownBy(() -> SweepPlan.resolve(f64, registry, components, SweepPlan.CellCheck.OFFERED))
                .hasMessageContaining("no backend 'cuda' on the class path offers rnn/float64");
    }

    @Test
    void aFingerprintChangesWithEverySettingThatReachesThePoint() throws Exception {
        SweepPlan base = SweepFixture.plan(BASE);
        String fp = base.point(base.series().get(0), 5).fingerprint();
        assertThat(SweepFixture.plan(BASE).point(base.series().get(0), 5).fingerprint()).as("stable").isEqualTo(fp);
        assertThat(base.point(base.series().get(0), 10).fingerprint()).isNotEqualTo(fp);
        assertThat(base.point(base.series().get(1), 5).fingerprint()).as("seed").isNotEqualTo(fp);
        List<String> changes = List.of("budget: {steps: 600}\n", "budget: {batch: 16}\n", "budget: {evaluate_every: 50}\n",
                "budget: {validation: 128}\n", "precision: float64\n", "solved: {loss_fraction: 0.05}\n", "backend: cpu\n",
                "optimizers: [{name: adam, lr: 0.02}]\n", "clipping: [{name: global_norm, max_norm: 2.0}]\n",
                "initializations: [xavier]\n", "hidden: [5]\n", "tasks: [copy]\n", "gradients: {length: 50}\n",
                "resources: {truncation: 20}\n");
        Set<String> seen = changes.stream().map(c -> {
            try {
                SweepPlan p = SweepFixture.plan(BASE + c);
                return p.point(p.series().get(0), 5).fingerprint();
            } catch (Exception e) {
                throw new AssertionError(c, e);
            }
        }).collect(Collectors.toSet());
        assertThat(seen).as("every change gives its own fingerprint").hasSize(changes.size()).doesNotContain(fp);
        assertThat(SweepFixture.plan(BASE + "name: other\nparallelism: 1\n").point(base.series().get(0), 5).fingerprint())
                .as("the name and the parallelism change no result").isEqualTo(fp);
    }

    @Test
    void aPlanSurvivesJavaSerialisation() throws Exception {
        SweepPlan plan = SweepFixture.plan(BASE + "optimizers: [{name: adam, lr: 0.01, betas: [0.9, 0.99]}]\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(plan);
            out.writeObject(plan.point(plan.series().get(3), 10));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            SweepPlan back = (SweepPlan) in.readObject();
            Point p = (Point) in.readObject();
            assertThat(back).isEqualTo(plan);
            assertThat(back.point(back.series().get(3), 10)).isEqualTo(p);
        }
    }
}
