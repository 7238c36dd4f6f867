package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.PointResult;
import org.rnnlab.experiments.tasks.BuiltInTasks;

/** Every task, in every sequence mode it uses, runs through the sweep machinery with uni- and bidirectional cells. */
class EveryTaskSweepTest {
    @TempDir
    Path dir;

    @Test
    void everyTaskTrainsAndIsRecorded() throws Exception {
        SweepPlan plan = SweepFixture.plan("tasks: [" + String.join(", ", BuiltInTasks.syntheticNames()) + "]\ncells: [gru, bi-lstm]\nlengths: [10]\n"
                + "hidden: [4]\nseeds: [1]\noptimizers: [{name: adam, lr: 0.01}]\nbudget: {steps: 6, evaluate_every: 3, validation: 8, batch: 4}\ngradients: {length: 5}\n");
        SweepRunner.Outcome o = SweepFixture.run(plan, dir, 2);
        assertThat(o.failures()).isEmpty();
        assertThat(o.results()).hasSize(BuiltInTasks.syntheticNames().size() * 2);
        for (PointResult r : o.results()) {
            String id = r.point().id();
            assertThat(r.metrics().steps()).as(id).isPositive();
            assertThat(Double.isFinite(r.metrics().validationLoss())).as(id).isTrue();
            org.rnnlab.experiments.tasks.SyntheticTask task = (org.rnnlab.experiments.tasks.SyntheticTask) plan.task(r.point().series());
            assertThat(r.metrics().metric()).as(id).isEqualTo(task.classification() ? "accuracy" : "mse");
            assertThat(r.metrics().validationMetric()).as(id).isBetween(0.0, task.classification() ? 1.0 : 100.0);
            assertThat(r.metrics().testMetric()).as(id + ": a fresh test split").isBetween(0.0, task.classification() ? 1.0 : 100.0);
        }
        assertThat(o.probes().keySet()).anyMatch(k -> k.startsWith("gradients|trained|task=copy|cell=bi-lstm"));
    }
}
