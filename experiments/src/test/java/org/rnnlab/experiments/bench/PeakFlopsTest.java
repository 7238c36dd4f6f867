package org.rnnlab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The peak's check against the hardware model, and the share of the CPUs others took. */
class PeakFlopsTest {

    @Test
    void aPeakAgreesWithThreadsTimesLanesTimesFmaUnitsTimesTheClock() {
        // 2 threads × 8 lanes × 2 flops × 1 FMA/cycle × 2.95 GHz = 94.4 GFLOP/s; measured 97.1 (1.03 a cycle per thread
        // at once, 1.19 alone: 1 unit either way).
        PeakFlops p = new PeakFlops(97.1e9, 56.4e9, 2, 8, 2.95e9, false);
        assertThat(p.fmaUnits()).isEqualTo(1);
        assertThat(p.nominal()).isCloseTo(94.4e9, org.assertj.core.data.Offset.offset(1e6));
        assertThat(p.agrees()).isTrue();
        assertThat(p.describe()).contains("FP32 peak 97.1 GFLOP/s").contains("one thread alone 56.4 GFLOP/s (1.19)")
                .contains("1.03 FMA a cycle per thread")
                .contains("2 threads × 8 lanes × 2 flops × 1 FMA unit × 2.95 GHz").contains("= 94.4 GFLOP/s").contains("agrees within 3%")
                .contains("12 accumulators as addends, the faster form on one thread");
    }

    @Test
    void theReportNamesTheLoopsFormThatRan() {
        // AVX2 on a 2-core Zen 5: the multiplicand form read 1.65 FMA a cycle where the addend form read 1.95, and the
        // report gives both.
        PeakFlops p = new PeakFlops(225.6e9, 116.5e9, 2, 8, 3.73e9, false, PeakFlops.Form.ADDEND, 98.5e9);
        assertThat(p.describe()).contains("12 accumulators as addends").contains("agrees within 6%")
                .contains("one thread alone 116.5 GFLOP/s (1.95); with the accumulators as multiplicands 98.5 (1.65)");
        assertThat(new PeakFlops(225.6e9, 116.5e9, 2, 8, 3.73e9, false).form()).isEqualTo(PeakFlops.Form.ADDEND);
    }

    @Test
    void aPeakFarFromTheModelSaysSoAndWhy() {
        // 1.44 FMA a cycle per thread at once, 1.91 alone: 2 units, and the peak of all threads falls 28% short of them.
        PeakFlops disturbed = new PeakFlops(136e9, 90e9, 2, 8, 2.95e9, false);
        assertThat(disturbed.fmaUnits()).isEqualTo(2);
        assertThat(disturbed.agrees()).isFalse();
        assertThat(disturbed.describe()).contains("DISAGREES by 28%").contains("rerun on a quiet machine");
    }

    @Test
    void theUnitsComeFromTheFasterReadingPerThreadSoADisturbedPeakOfAllThreadsDisagrees() {
        // An AVX2 run on a 2-core Zen 4 (2 FMA units of 8 lanes) while a neighbour ran: one thread alone 1.69 FMA a
        // cycle, each of two at once 1.39. From all threads the units would round to 1 and the peak "agree" with a
        // model of half the hardware; from one thread they are 2, and the disturbed peak is reported as such.
        PeakFlops p = new PeakFlops(159.1e9, 96.8e9, 2, 8, 3.58e9, false);
        assertThat(p.fmaUnits()).isEqualTo(2);
        assertThat(p.agrees()).isFalse();
        assertThat(p.describe()).contains("2 FMA units").contains("units from the faster reading per thread").contains("DISAGREES by 31%");
        // The same machine quiet: both readings near 2 units, and the peak agrees.
        PeakFlops quiet = new PeakFlops(190e9, 96.0e9, 2, 8, 3.58e9, false);
        assertThat(quiet.fmaUnits()).isEqualTo(2);
        assertThat(quiet.agrees()).isTrue();
    }

    @Test
    void smtSiblingsShareTheirCoresUnitsSoTheUnitsComeFromAllThreads() throws java.io.IOException {
        // Two hyperthreads of one core with 2 FMA units: alone one reaches 1.69, together each gets 0.87.
        PeakFlops p = new PeakFlops(99.7e9, 96.8e9, 2, 8, 3.58e9, true);
        assertThat(p.fmaUnits()).isEqualTo(1);
        assertThat(p.agrees()).isTrue();
        assertThat(new PeakFlops(99.7e9, 96.8e9, 2, 8, 3.58e9, false).fmaUnits()).as("the same readings from separate cores").isEqualTo(2);
        assertThat(p.describe()).contains("the CPUs are SMT siblings");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("topology");
        try {
            for (String[] c : new String[][] {{"0\n", "false"}, {"0-1\n", "true"}, {"0,8\n", "true"}}) {
                java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("list"), c[0]);
                assertThat(PeakFlops.smtSiblings(f)).as(c[0].trim()).isEqualTo(Boolean.parseBoolean(c[1]));
            }
            assertThat(PeakFlops.smtSiblings(dir.resolve("absent"))).isFalse();
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("list"));
            java.nio.file.Files.delete(dir);
        }
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
