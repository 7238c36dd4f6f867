package org.rnnlab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchShapeTest {
    @Test
    void flopsFollowTheIssuesFormula() {
        BenchShape s = new BenchShape("lstm", 32, 128, 128, 100);
        assertThat(s.forwardFlops()).isEqualTo(2.0 * 4 * 128 * 256 * 32 * 100);
        assertThat(s.trainingFlops()).isEqualTo(6.0 * 4 * 128 * 256 * 32 * 100);
        assertThat(BenchShape.standardGrid()).hasSize(15).contains(new BenchShape("lstm", 64, 512, 512, 25));
        assertThatThrownBy(() -> new BenchShape("lstm", 0, 1, 1, 1)).hasMessageContaining("sizes must be >= 1");
    }

    @Test
    void theCpuEngineRunsAShapeAndThePeakIsMeasured() throws Exception {
        try (Engine.Prepared p = Engines.RNNLAB_CPU.create().prepare(new BenchShape("gru", 2, 8, 4, 5))) {
            assertThat(QuickBench.medianMillis(p)).isPositive();
            assertThat(Double.isFinite(p.forward())).isTrue();
        }
        assertThat(PeakFlops.measure()).isGreaterThan(1e8);
        assertThat(Engines.peerPresent()).as("the peer is never on the default class path").isFalse();
    }
}
