package org.rnnlab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The median and quartiles the bench reports per engine, and the spread that marks a row whose calls came and went. */
class QuickBenchTimingTest {

    @Test
    void quartilesInterpolateAndTheSpreadIsTheirDistanceOverTheMedian() {
        QuickBench.Timing even = QuickBench.Timing.of(new double[] {10, 11, 12, 13, 14, 15});
        assertThat(even.median()).isEqualTo(12.5);
        assertThat(even.lower()).isCloseTo(11.25, within(1e-12));
        assertThat(even.upper()).isCloseTo(13.75, within(1e-12));
        assertThat(even.calls()).isEqualTo(6);
        assertThat(even.spread()).isCloseTo(2.5 / 12.5, within(1e-12));
        QuickBench.Timing odd = QuickBench.Timing.of(new double[] {1, 2, 3, 4, 100});
        assertThat(odd.median()).isEqualTo(3);
        assertThat(odd.lower()).isEqualTo(2);
        assertThat(odd.upper()).isEqualTo(4);
        assertThat(QuickBench.Timing.of(new double[] {7}).spread()).isZero();
    }

    @Test
    void callsThatDoubledForHalfTheRowSpreadBeyondTheBenchsThreshold() {
        // Six calls at 50 ms and six at 100 ms (a neighbour on the host's other hyperthread for half the row): the
        // median says 75 ms, and only the spread tells that no single speed was measured.
        double[] t = {50, 50, 50, 50, 50, 50, 100, 100, 100, 100, 100, 100};
        assertThat(QuickBench.Timing.of(t).spread()).isGreaterThan(QuickBench.STEADY_SPREAD);
        assertThat(QuickBench.Timing.of(new double[] {50, 50.5, 51, 49.8, 50.2, 50.9}).spread())
                .isLessThan(QuickBench.STEADY_SPREAD);
    }
}
