package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.cli.RnnlabCli;

/**
 * The classic result, from the embedded default sweep (a few minutes on 2 cores, so tagged {@code slow}: run it with
 * {@code mvn -B verify -Pslow}): on the adding problem the GRU's and the LSTM's memory limits are at least 4× the tanh
 * RNN's, and the trained RNN's gradients vanish faster with the lag than theirs.
 */
@Tag("slow")
class DefaultSweepTest {
    @TempDir
    Path dir;

    @Test
    void gatedCellsBridgeAtLeastFourTimesTheLagOfTheTanhRnn() throws Exception {
        assertThat(RnnlabCli.execute("sweep", "--out", dir.toString(), "--no-progress")).isZero();
        String summary = Files.readString(dir.resolve("summary.md"));
        int rnn = limit(summary, "rnn");
        assertThat(rnn).isPositive();
        for (String gated : List.of("gru", "lstm")) {
            assertThat(limit(summary, gated)).as(gated).isGreaterThanOrEqualTo(4 * rnn);
        }
        for (String f : List.of("results.csv", "telemetry.jsonl", "probes.jsonl", "report.html", "summary.md", "memory_limit.png",
                "gradient_norms.png", "jacobian_sigma.png", "training_curves.png", "sweep.json")) {
            assertThat(dir.resolve(f)).as(f).exists();
            assertThat(Files.size(dir.resolve(f))).as(f).isPositive();
        }
    }

    /** The memory limit in the summary row of a cell ("≥ 320" counts as 320). */
    private static int limit(String summary, String cell) {
        for (String line : summary.split("\n")) {
            String[] f = line.split("\\|");
            if (f.length > 5 && f[2].strip().equals(cell)) {
                return Integer.parseInt(f[5].replace("≥", "").strip());
            }
        }
        throw new AssertionError("no row for " + cell + " in\n" + summary);
    }
}
