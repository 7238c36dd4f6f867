package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.tasks.SequentialImages;
import org.rnnlab.optimizers.TrainingComponents;

/** Every sweep file the repository ships (sweeps/) loads and resolves; those on Fashion-MNIST where it is installed. */
class ShippedSweepFilesTest {
    static List<Path> files() throws IOException {
        Path dir = Path.of("..", "sweeps");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void resolves(Path file) throws IOException {
        SweepFiles.Loaded loaded = SweepFiles.load(file);
        boolean images = Files.readString(file).contains("fashion_mnist");
        Assumptions.assumeTrue(!images || Files.isDirectory(Path.of(SequentialImages.FASHION_MNIST_DIR)),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); parsed only");
        SweepPlan plan = SweepPlan.resolve(loaded, CellRegistry.discover(), TrainingComponents.discover());
        assertThat(plan.series()).isNotEmpty();
    }
}
