package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.sweep.plan.Point;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.SweepFolder;

/** The ladder finds the last solved and first failed rungs; bisection between them finds a planted threshold exactly. */
class BisectionTest {
    @TempDir
    Path dir;

    private SweepRunner.Outcome run(String yaml, PlantedExecutor engine) throws Exception {
        SweepPlan plan = SweepFixture.plan(yaml + "seeds: [1]\noptimizers: [{name: adam, lr: 0.01}]\n");
        try (SweepFolder folder = SweepFolder.open(dir.resolve("out"), plan)) {
            return new SweepRunner(plan, folder, engine).run(SweepFixture.QUIET);
        }
    }

    @Test
    void bisectionFindsAPlantedThresholdExactly() throws Exception {
        PlantedExecutor engine = new PlantedExecutor(s -> 27);
        SweepRunner.Outcome o = run("cells: [lstm]\nlengths: [5, 10, 20, 40, 80]\nrefine: 4\n", engine);
        assertThat(engine.trained()).extracting(Point::length).as("ladder, then midpoints").containsExactly(5, 10, 20, 40, 30, 25, 27, 28);
        SweepRunner.SeriesOutcome s = o.series().get(0);
        assertThat(s.lastSolved().length()).isEqualTo(27);
        assertThat(s.firstFailed().length()).isEqualTo(28);
        assertThat(s.studied().length()).as("the trained probe studies the limit").isEqualTo(27);
    }

    @Test
    void fewerStepsLeaveAStatedIntervalAndNoneAreSpentWhereThereIsNoGap() throws Exception {
        PlantedExecutor engine = new PlantedExecutor(s -> 27);
        SweepRunner.Outcome o = run("cells: [lstm]\nlengths: [5, 10, 20, 40, 80]\nrefine: 2\n", engine);
        assertThat(o.series().get(0).lastSolved().length()).isEqualTo(25);
        assertThat(o.series().get(0).firstFailed().length()).isEqualTo(30);

        PlantedExecutor censored = new PlantedExecutor(s -> 1000);
        SweepRunner.Outcome all = run("name: all\ncells: [gru]\nlengths: [5, 10]\nrefine: 3\n", censored);
        assertThat(censored.trained()).extracting(Point::length).as("every rung solved: nothing to bisect").containsExactly(5, 10);
        assertThat(all.series().get(0).firstFailed()).isNull();

        PlantedExecutor none = new PlantedExecutor(s -> 0);
        SweepRunner.Outcome nothing = run("name: none\ncells: [rnn]\nlengths: [5, 10]\nrefine: 3\n", none);
        assertThat(none.trained()).extracting(Point::length).as("the first rung failed: no lower bound to bisect from").containsExactly(5);
        assertThat(nothing.series().get(0).lastSolved()).isNull();
    }
}
