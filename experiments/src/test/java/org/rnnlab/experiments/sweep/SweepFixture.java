package org.rnnlab.experiments.sweep;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.ResultRow;
import org.rnnlab.experiments.sweep.store.SweepFolder;
import org.rnnlab.experiments.sweep.work.LocalExecutor;
import org.rnnlab.experiments.sweep.work.Worker;
import org.rnnlab.optimizers.TrainingComponents;

/** Runs sweeps from YAML text in tests, and reads their results back. */
public final class SweepFixture {
    /** Progress that shows nothing. */
    public static final SweepRunner.Progress QUIET = new SweepRunner.Progress() {
        @Override
        public void total(long points) {
        }

        @Override
        public void advance(long points, String message) {
        }
    };

    private SweepFixture() {
    }

    /** Parses and resolves YAML text (merged over the defaults). */
    public static SweepPlan plan(String yaml) throws IOException {
        SweepFiles.Loaded loaded = SweepFiles.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "sweep.yaml");
        return SweepPlan.resolve(loaded, CellRegistry.discover(), TrainingComponents.discover());
    }

    /** Runs a plan into {@code dir} on the local engine. */
    public static SweepRunner.Outcome run(SweepPlan plan, Path dir, int threads) throws IOException, InterruptedException {
        CellRegistry registry = CellRegistry.discover();
        try (SweepFolder folder = SweepFolder.open(dir, plan);
             LocalExecutor executor = new LocalExecutor(new Worker(plan, registry, TrainingComponents.discover(), "test"), threads)) {
            return new SweepRunner(plan, folder, executor).run(QUIET);
        }
    }

    /** The data rows of a results file as written (no header), without a last line cut short. */
    public static List<String> rows(Path results) throws IOException {
        if (!Files.exists(results)) {
            return List.of();
        }
        String text = Files.readString(results, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last newline: empty, or a partial line
        return lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
    }

    /** Rows with the columns that may differ between runs of the same point (seconds, host) blanked. */
    public static List<String> withoutRunColumns(List<String> rows) throws IOException {
        List<String> out = new ArrayList<>();
        for (String r : rows) {
            ResultRow row = ResultRow.parse(r);
            out.add(new ResultRow(row.id(), row.fingerprint(), row.task(), row.cell(), row.hidden(), row.length(), row.optimizer(),
                    row.clipping(), row.init(), row.seed(), row.precision(), row.status(), row.solved(), row.steps(), row.validationLoss(),
                    row.bestValidationLoss(), row.baseline(), row.metric(), row.validationMetric(), row.testMetric(), row.clippedSteps(), row.nonFiniteSteps(), row.backend(), "0",
                    "-").toCsv());
        }
        return out;
    }
}
