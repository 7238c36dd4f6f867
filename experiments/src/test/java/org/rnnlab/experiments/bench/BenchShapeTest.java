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
        assertThat(BenchShape.standardGrid()).as("each shape once").hasSize(14).doesNotHaveDuplicates()
                .contains(new BenchShape("lstm", 64, 512, 512, 25));
        assertThat(BenchShape.parse("gru", "N8,H64,T10")).isEqualTo(new BenchShape("gru", 8, 64, 64, 10));
        assertThat(BenchShape.parse("janet", "n8, h64, x3, t10")).isEqualTo(new BenchShape("janet", 8, 64, 3, 10));
        assertThatThrownBy(() -> BenchShape.parse("gru", "N8,H64")).hasMessageContaining("needs N, H and T");
        assertThatThrownBy(() -> BenchShape.parse("gru", "N8,H64,T10,Q3")).hasMessageContaining("unknown size 'Q3'");
        assertThatThrownBy(() -> BenchShape.parse("gru", "N0,H64,T1")).hasMessageContaining("'N0' is not");
        assertThatThrownBy(() -> new BenchShape("lstm", 0, 1, 1, 1)).hasMessageContaining("sizes must be >= 1");
    }

    @Test
    void theCpuEngineRunsAShapeAndThePeakIsMeasured() throws Exception {
        try (Engine.Prepared p = Engines.byName("cpu").prepare(new BenchShape("gru", 2, 8, 4, 5))) {
            assertThat(QuickBench.medianMillis(p)).isPositive();
            assertThat(Double.isFinite(p.forward())).isTrue();
            assertThat(p.weights()).as("G·H·(X + H)").isEqualTo(3 * 8 * (4 + 8));
        }
        try (Engine.Prepared p = Engines.byName("reference").prepare(new BenchShape("lstm", 2, 8, 4, 5))) {
            assertThat(p.precision()).as("the reference backend runs float32 like cpu").isEqualTo(org.rnnlab.api.Precision.FLOAT32);
        }
        assertThatThrownBy(() -> Engines.byName("tpu")).hasMessageStartingWith("unknown engine 'tpu'; known here: cuda, cpu");
        assertThatThrownBy(() -> Engines.byName("pytorch")).hasMessageContaining("profile 'peers'");
        PeakFlops peak = PeakFlops.measure();
        assertThat(peak.flops()).isGreaterThan(1e8).isGreaterThanOrEqualTo(peak.singleThread());
        assertThat(peak.clockHz()).as("a clock any current CPU runs at").isBetween(3e8, 8e9);
        assertThat(peak.fmaUnits()).isPositive();
        assertThat(Engines.peerPresent()).as("the peer is never on the default class path").isFalse();
    }
}
