package org.rnnlab.experiments.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;

class MemoryProbeTest {
    static Stream<CellSpec> specs() {
        // The projected LSTM keeps h [·, 16], m and ∂L/∂h besides the LSTM's tape.
        return Stream.of(CellSpec.of("rnn", 8, 64), CellSpec.of("gru", 8, 64), CellSpec.of("lstm", 8, 64),
                CellSpec.of("lstm", 8, 64).withProjection(16));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void measuredActivationMemoryPerStepMatchesThePrediction(CellSpec spec) {
        MemoryProbe.Profile p = MemoryProbe.measure(CellRegistry.discover().withBackend("cpu"), spec, 16, 512L << 20, 50);
        // The slope between T = 64 and T = 192 counts only per-step arrays; allocation rounding (array headers, TLAB
        // accounting) stays within a few percent.
        assertThat(p.measuredBytesPerStep()).isBetween((long) (0.9 * p.predictedBytesPerStep()), (long) (1.1 * p.predictedBytesPerStep()));
        assertThat(p.maxStepsFull()).isPositive();
        assertThat(p.maxStepsTruncated()).isGreaterThan(p.maxStepsFull());
    }
}
