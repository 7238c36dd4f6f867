package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.report.SeriesSummary;
import org.rnnlab.experiments.report.SweepReport;
import org.rnnlab.optimizers.TrainingComponents;

/**
 * The classic result, from the embedded default sweep (2–3 minutes on 2 cores, so tagged {@code slow}: run it with
 * {@code mvn -B verify -Pslow}): on the adding problem the GRU's and the LSTM's memory limits are at least 4× the tanh
 * RNN's, and the trained RNN's gradients vanish faster with the lag than theirs.
 */
@Tag("slow")
class DefaultSweepTest {
    @TempDir
    Path dir;

    @Test
    void gatedCellsBridgeAtLeastFourTimesTheLagOfTheTanhRnn() throws Exception {
        SweepConfig config = SweepFiles.loadDefault();
        ResultStore store = ResultStore.open(dir);
        SweepRunner.Outcome outcome = new SweepRunner(config, store, CellRegistry.discover(), TrainingComponents.discover())
                .run(new SweepRunner.Progress() {
                    @Override
                    public void total(long points) {
                    }

                    @Override
                    public void advance(long points, String message) {
                    }
                });
        List<SeriesSummary> rows = SweepReport.summarise(config, outcome);
        SweepReport.write(dir, config, outcome);
        SeriesSummary rnn = rows.stream().filter(r -> r.cell().equals("rnn")).findFirst().orElseThrow();
        assertThat(rnn.memoryLimit()).isPositive();
        for (String gated : List.of("gru", "lstm")) {
            SeriesSummary s = rows.stream().filter(r -> r.cell().equals(gated)).findFirst().orElseThrow();
            assertThat(s.memoryLimit()).as(gated).isGreaterThanOrEqualTo(4 * rnn.memoryLimit());
            assertThat(s.decayTrained()).as(gated + " gradient decay per step, trained").isGreaterThan(rnn.decayTrained());
        }
        for (String f : List.of("results.csv", "telemetry.jsonl", "probes.jsonl", "report.html", "summary.md", "memory_limit.png",
                "gradient_norms.png", "jacobian_sigma.png", "training_curves.png")) {
            assertThat(dir.resolve(f)).as(f).exists();
            assertThat(Files.size(dir.resolve(f))).as(f).isPositive();
        }
    }
}
