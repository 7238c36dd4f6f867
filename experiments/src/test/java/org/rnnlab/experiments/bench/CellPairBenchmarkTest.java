package org.rnnlab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.List;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.spi.CellProvider;
import org.rnnlab.cpu.CpuCellProvider;
import org.junit.jupiter.api.Test;

/** The paired cell benchmark times a build of its own: the cpu classes from the given jar, the api shared. */
class CellPairBenchmarkTest {

    @Test
    void aBuildsCellsComeFromItsOwnClassesAndComputeWhatTheBackendDoes() throws Exception {
        String classes = new File(CpuCellProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        CellProvider own = CellPairBenchmark.provider(classes);
        assertThat(own.getClass()).isNotEqualTo(CpuCellProvider.class);
        assertThat(own.getClass().getName()).isEqualTo(CpuCellProvider.class.getName());
        assertThat(own.getClass().getClassLoader()).isNotEqualTo(CpuCellProvider.class.getClassLoader());
        // A second build is a third copy of the classes, not the first one's.
        assertThat(CellPairBenchmark.provider(classes).getClass()).isNotEqualTo(own.getClass());

        BenchShape shape = BenchShape.parse("lstm", "N3,H16,T5");
        try (Engine.Prepared theirs = new RnnlabEngine("cpu", CellRegistry.of(List.of(own))).prepare(shape);
             Engine.Prepared ours = new RnnlabEngine("cpu", CellRegistry.of(List.of(new CpuCellProvider()))).prepare(shape)) {
            assertThat(theirs.forwardBackward()).isEqualTo(ours.forwardBackward());
        }
    }

    @Test
    void aMissingJarIsRefusedWithItsPath() {
        assertThatThrownBy(() -> CellPairBenchmark.provider("/no/such/cells-cpu.jar"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/cells-cpu.jar");
    }
}
