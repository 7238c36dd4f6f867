package org.rnnlab.experiments.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;

class MemoryProbeTest {
    @ParameterizedTest
    @ValueSource(strings = {"rnn", "gru", "lstm"})
    void measuredActivationMemoryPerStepMatchesThePrediction(String kind) {
        CellSpec spec = CellSpec.of(kind, 8, 64);
        MemoryProbe.Profile p = MemoryProbe.measure(CellRegistry.discover().withBackend("cpu"), spec, 16, 512L << 20, 50);
        // The slope between T = 64 and T = 192 counts only per-step arrays; allocation rounding (array headers, TLAB
        // accounting) stays within a few percent.
        assertThat(p.measuredBytesPerStep()).isBetween((long) (0.9 * p.predictedBytesPerStep()), (long) (1.1 * p.predictedBytesPerStep()));
        assertThat(p.maxStepsFull()).isPositive();
        assertThat(p.maxStepsTruncated()).isGreaterThan(p.maxStepsFull());
    }
}
