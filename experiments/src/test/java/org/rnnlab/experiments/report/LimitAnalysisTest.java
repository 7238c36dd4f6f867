package org.rnnlab.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.sweep.PlantedExecutor;
import org.rnnlab.experiments.sweep.SweepFixture;
import org.rnnlab.experiments.sweep.SweepRunner;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.SweepFolder;

/** Seeds are aggregated by their median, each cell is compared at its best setting, and the budget axis gets a verdict. */
class LimitAnalysisTest {
    @TempDir
    Path dir;

    private static final String GRID = String.join("\n", "cells: [rnn, lstm]", "lengths: [2, 4, 8, 16, 32, 64]", "seeds: [1, 2, 3]",
            "optimizers:", "  - {name: adam, lr: 0.01}", "  - {name: adam, lr: 0.003}", "refine: 5", "");

    /** Planted limits: lstm with lr 0.01 reaches 40, 20 and 50 over seeds 1–3; with lr 0.003, 30, 60, 10; rnn 5, 3, 7. */
    private static int planted(Series s) {
        double lr = ((Number) s.optimizer().settings().get("lr")).doubleValue();
        int seed = (int) s.seed();
        if (s.cell().kind().equals("rnn")) {
            return new int[] {5, 3, 7}[seed - 1];
        }
        return lr == 0.01 ? new int[] {40, 20, 50}[seed - 1] : new int[] {30, 60, 10}[seed - 1];
    }

    @Test
    void eachCellAtItsBestSettingWithTheMedianSeedAndEverySeedsValue() throws Exception {
        SweepPlan plan = SweepFixture.plan(GRID);
        SweepRunner.Outcome o;
        try (SweepFolder folder = SweepFolder.open(dir, plan)) {
            o = new SweepRunner(plan, folder, new PlantedExecutor(LimitAnalysisTest::planted)).run(SweepFixture.QUIET);
            SweepReport.write(folder, plan, o, new SweepReport.Run(java.time.Instant.now(), 1.0, "planted", Environment.here()));
        }
        LimitAnalysis a = LimitAnalysis.of(plan, o);
        assertThat(a.series()).extracting(LimitAnalysis.SeriesLimit::limit).as("bisection to each planted value")
                .containsExactly(5, 3, 7, 5, 3, 7, 40, 20, 50, 30, 60, 10);
        LimitAnalysis.CellBest lstm = a.best().stream().filter(b -> b.group().cell().kind().equals("lstm")).findFirst().orElseThrow();
        assertThat(lstm.best().configuration().optimizer().settings()).as("median 40 beats median 30").isEqualTo(Map.of("lr", 0.01));
        assertThat(lstm.best().median()).isEqualTo(40);
        assertThat(lstm.best().min()).isEqualTo(20);
        assertThat(lstm.best().max()).isEqualTo(50);
        assertThat(lstm.settings()).hasSize(2);
        assertThat(lstm.ratioToRnn()).as("40 over the rnn's best median 5").isEqualTo(8);
        assertThat(lstm.best().text(2)).isEqualTo("40 [20–50]");
        assertThat(lstm.best().perSeed(2)).isEqualTo("1: 40, 2: 20, 3: 50");

        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("| adding | lstm | 32 | 40 [20–50] | 1: 40, 2: 20, 3: 50 | 8.00 | adam(lr=0.01), "
                + "global_norm(max_norm=1.0), pytorch | 2 |");
        assertThat(Files.readAllLines(dir.resolve("limits.csv"))).hasSize(13)
                .contains("adding,lstm,32,1500,\"adam(lr=0.003)\",\"global_norm(max_norm=1.0)\",constant,pytorch,2,60,61,false,false");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<td>40 [20–50]</td>");
    }

    @Test
    void withSeveralBudgetsTheLimitIsDrawnAgainstTheBudgetWithAVerdict() throws Exception {
        SweepPlan plan = SweepFixture.plan("cells: [rnn, lstm]\nlengths: [2, 4, 8, 16, 32, 64]\nbudget: {steps: [100, 200, 400]}\n"
                + "refine: 5\n");
        SweepRunner.Outcome o;
        try (SweepFolder folder = SweepFolder.open(dir, plan)) {
            // lstm grows with the budget; rnn levels off at 5.
            o = new SweepRunner(plan, folder, new PlantedExecutor(s -> s.cell().kind().equals("rnn") ? Math.min(5, s.steps() / 40)
                    : s.steps() / 10)).run(SweepFixture.QUIET);
            SweepReport.write(folder, plan, o, new SweepReport.Run(java.time.Instant.now(), 1.0, "planted", Environment.here()));
        }
        LimitAnalysis a = LimitAnalysis.of(plan, o);
        assertThat(a.trends()).hasSize(2);
        assertThat(a.trends().get(0).verdict()).startsWith("levelled off (5 at 200 and 400 steps)");
        assertThat(a.trends().get(1).verdict()).startsWith("still growing at the largest budget (20 → 40): not converged");
        assertThat(dir.resolve("limit_vs_budget.png")).exists();
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("## Limit against the budget")
                .contains("| adding | lstm | 32 | 10 | 20 | 40 | still growing");
    }
}
