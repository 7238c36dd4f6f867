package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench's closing verdict: a run is quiet only when nothing says otherwise, the peak's own check included. */
class BenchQuietnessTest {

    @Test
    void aRunIsQuietOnlyWhenTheCpusTheRowsAndThePeakAllSaySo() {
        assertThat(BenchCommand.quietness(0.0, 0, 219e9, 213e9, 213.0 / 219 - 1, true)).startsWith("Quiet run: ");
        assertThat(BenchCommand.quietness(0.0, 2, 219e9, 213e9, 213.0 / 219 - 1, true)).startsWith("DISTURBED run (2 rows marked !");
        assertThat(BenchCommand.quietness(0.25, 0, 219e9, 213e9, 213.0 / 219 - 1, true)).startsWith("DISTURBED run")
                .contains("other processes took 25% of the CPUs");
        assertThat(BenchCommand.quietness(0.0, 0, 113.7e9, 208e9, 208 / 113.7 - 1, true)).startsWith("DISTURBED run").contains("(+83%)");
        // Steady from start to end, but the first reading was 38% below the hardware's model.
        assertThat(BenchCommand.quietness(0.0, 0, 144.4e9, 157.1e9, 157.1 / 144.4 - 1, false)).startsWith("DISTURBED run")
                .contains("the first reading disagreed with the hardware's model");
    }
}
