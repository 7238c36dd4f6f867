package org.rnnlab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairedRoundsTest {

    @Test
    void theFirstQuarterOfTheRoundsIsLeftOutAndRatiosArePairedByRound() {
        // Rounds 0 and 1 (of 8) are warm-up: their times, far faster or slower, must not count.
        double[][] seconds = {
            {0.001, 9.0, 2.0, 4.0, 2.0, 4.0, 2.0, 4.0},
            {9.000, 0.1, 1.0, 4.0, 3.0, 2.0, 1.0, 6.0}};
        PairedRounds r = PairedRounds.of(seconds);
        assertThat(r.bestA()).isEqualTo(2.0);
        assertThat(r.bestB()).isEqualTo(1.0);
        // B/A per round: 0.5, 1, 1.5, 0.5, 0.5, 1.5 → sorted 0.5 0.5 0.5 1 1.5 1.5.
        assertThat(r.median()).isEqualTo(1.0);
        assertThat(r.lowerQuartile()).isEqualTo(0.5);
        assertThat(r.upperQuartile()).isEqualTo(1.5);
    }
}
