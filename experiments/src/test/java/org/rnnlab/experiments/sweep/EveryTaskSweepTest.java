package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.tasks.Tasks;
import org.rnnlab.optimizers.TrainingComponents;

/** Every task, in every sequence mode it uses, runs through the sweep machinery with uni- and bidirectional cells. */
class EveryTaskSweepTest {
    @TempDir
    Path dir;

    @Test
    void everyTaskTrainsAndIsRecorded() throws Exception {
        String yaml = "tasks: [" + String.join(", ", Tasks.names()) + "]\ncells: [gru, bi-lstm]\nlengths: [10]\nhidden: [4]\n"
                + "budget: {steps: 6, evaluate_every: 3, validation: 8, batch: 4}\ngradients: {length: 5}\nparallelism: 2\n";
        SweepConfig config = SweepFiles.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "tasks.yaml");
        ResultStore store = ResultStore.open(dir);
        SweepRunner.Outcome o = new SweepRunner(config, store, CellRegistry.discover(), TrainingComponents.discover())
                .run(new SweepRunner.Progress() {
                    @Override
                    public void total(long points) {
                    }

                    @Override
                    public void advance(long points, String message) {
                    }
                });
        assertThat(o.results()).hasSize(Tasks.names().size() * 2);
        for (PointResult r : o.results()) {
            assertThat(r.status()).as(r.id()).doesNotStartWith("ERROR");
            assertThat(r.steps()).as(r.id()).isPositive();
            assertThat(Double.isFinite(r.validationLoss())).as(r.id()).isTrue();
            assertThat(Double.isNaN(r.accuracy())).as(r.id() + ": accuracy only for classification")
                    .isEqualTo(!Tasks.byName(r.task()).classification());
        }
        assertThat(o.probes().keySet()).anyMatch(k -> k.startsWith("gradients|trained|task=copy|cell=bi-lstm"));
    }
}
