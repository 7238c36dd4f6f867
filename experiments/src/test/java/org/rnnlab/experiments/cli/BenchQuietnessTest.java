package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rnnlab.experiments.bench.PeakFlops;

/** The bench's closing verdict: a run is quiet only when nothing says otherwise, the peak's own check included. */
class BenchQuietnessTest {

    /** Readings of a 2-core AVX-512 machine with 1 FMA unit at 3.57 GHz (model 228.5 GFLOP/s), all threads and one. */
    private static PeakFlops peak(double allThreads, double singleThread) {
        return new PeakFlops(allThreads, singleThread, 2, 16, 3.57e9, false);
    }

    @Test
    void aRunIsQuietOnlyWhenTheCpusTheRowsAndThePeakAllSaySo() {
        PeakFlops start = peak(219e9, 112e9);
        PeakFlops end = peak(213e9, 111e9);
        assertThat(BenchCommand.quietness(0.0, 0, start, end)).startsWith("Quiet run: ").contains("(-3%)");
        assertThat(BenchCommand.quietness(0.0, 2, start, end)).startsWith("DISTURBED run (2 rows marked !")
                .contains("or with an engine's calls spread more than 15% between quartiles");
        assertThat(BenchCommand.quietness(0.25, 0, start, end)).doesNotContain("spread");
        assertThat(BenchCommand.quietness(0.25, 0, start, end)).startsWith("DISTURBED run").contains("other processes took 25% of the CPUs");
        assertThat(BenchCommand.quietness(0.0, 0, peak(113.7e9, 112e9), peak(208e9, 111e9))).startsWith("DISTURBED run").contains("(+83%)");
        // Steady from start to end, but the first reading of all threads was 37% below the hardware's model.
        assertThat(BenchCommand.quietness(0.0, 0, peak(144.4e9, 112e9), peak(150e9, 112e9))).startsWith("DISTURBED run")
                .contains("the first reading disagreed with the hardware's model");
    }
}
