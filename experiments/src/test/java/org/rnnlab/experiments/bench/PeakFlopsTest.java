package org.rnnlab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The peak's check against the hardware model, and the share of the CPUs others took. */
class PeakFlopsTest {

    @Test
    void aPeakAgreesWithThreadsTimesLanesTimesFmaUnitsTimesTheClock() {
        // 2 threads × 8 lanes × 2 flops × 1 FMA/cycle × 2.95 GHz = 94.4 GFLOP/s; measured 97.1.
        PeakFlops p = new PeakFlops(97.1e9, 56.4e9, 2, 8, 2.95e9, 1);
        assertThat(p.nominal()).isCloseTo(94.4e9, org.assertj.core.data.Offset.offset(1e6));
        assertThat(p.agrees()).isTrue();
        assertThat(p.describe()).contains("FP32 peak 97.1 GFLOP/s").contains("one thread alone 56.4 GFLOP/s (1.19)")
                .contains("1.03 FMA a cycle per thread")
                .contains("2 threads × 8 lanes × 2 flops × 1 FMA unit × 2.95 GHz").contains("= 94.4 GFLOP/s").contains("agrees within 3%");
    }

    @Test
    void aPeakFarFromTheModelSaysSoAndWhy() {
        // 1.44 FMA a cycle per thread: between whole numbers of units, as a peak read while something else ran is.
        PeakFlops disturbed = new PeakFlops(136e9, 90e9, 2, 8, 2.95e9, 1);
        assertThat(disturbed.agrees()).isFalse();
        assertThat(disturbed.describe()).contains("DISAGREES by 44%").contains("rerun on a quiet machine");
    }

    @Test
    void othersShareIsBusyTimeThatWasNotOurs() {
        int cpus = Runtime.getRuntime().availableProcessors();
        CpuShare a = new CpuShare(1_000, 300, 0);
        // One second later: all CPUs busy for 100·cpus ticks, of which this process 50.
        CpuShare b = new CpuShare(1_000 + 100L * cpus, 350, 1_000_000_000L);
        assertThat(b.othersSince(a).getAsDouble()).isCloseTo((100.0 * cpus - 50) / (100.0 * cpus), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(new CpuShare(1_000, 300, 100_000_000L).othersSince(a)).as("too short to tell").isEmpty();
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
            assertThat(CpuShare.read()).isPresent();
        }
    }
}
