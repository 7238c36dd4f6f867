package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.sweep.store.PointResult;

/** A task from outside the built-in provider (test META-INF/services), named with its settings in a sweep file. */
class UserTaskSweepTest {
    @TempDir
    Path dir;

    private static final String SWEEP = String.join("\n", "tasks: [{name: first_sign, noise: 0.2}, adding]", "cells: [gru]",
            "lengths: [4, 8]", "hidden: [8]", "seeds: [1]", "optimizers: [{name: adam, lr: 0.02}]",
            "budget: {steps: 150, batch: 16, evaluate_every: 50, validation: 64}", "solved: {loss_fraction: 0.2}", "refine: 0",
            "gradients: {length: 4}", "");

    @Test
    void aUserTaskRunsBesideABuiltInOne() throws Exception {
        SweepRunner.Outcome o = SweepFixture.run(SweepFixture.plan(SWEEP), dir, 2);
        assertThat(o.failures()).isEmpty();
        assertThat(o.results()).extracting(r -> r.point().series().task().name()).contains("first_sign", "adding");
        PointResult r = o.results().stream().filter(p -> p.point().series().task().name().equals("first_sign")).findFirst().orElseThrow();
        assertThat(r.metrics().metric()).isEqualTo("accuracy");
        assertThat(r.metrics().testMetric()).as("the sign of the first value, through 3 steps of noise").isGreaterThan(0.9);
    }

    @Test
    void itsSettingsAreCheckedAtLoadAndUnknownNamesListTheUserTask() {
        assertThatThrownBy(() -> SweepFixture.plan(SWEEP.replace("noise: 0.2", "noise: 0.2, nosie: 1")))
                .hasMessageContaining("key 'tasks[0]").hasMessageContaining("task 'first_sign': unknown setting 'nosie'; known: noise");
        assertThatThrownBy(() -> SweepFixture.plan(SWEEP.replace("first_sign, noise: 0.2", "first_sing")))
                .hasMessageContaining("unknown task 'first_sing'; known: ").hasMessageContaining("first_sign");
    }
}
