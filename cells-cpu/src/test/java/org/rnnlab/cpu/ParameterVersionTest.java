package org.rnnlab.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/**
 * Passes only read the parameters: their {@link org.rnnlab.api.Parameters#version() version} stays, so a backend that
 * keeps them elsewhere (the cuda cells keep them on the device) copies them again only after a write.
 */
class ParameterVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"cpu, lstm, FLOAT32", "cpu, gru, FLOAT64", "cpu, rnn, FLOAT32", "reference, lstm, FLOAT32", "reference, gru, FLOAT64"})
    void forwardAndBackwardLeaveTheParametersVersion(String backend, String kind, Precision precision) {
        CellProvider provider = backend.equals("cpu") ? new CpuCellProvider() : new ReferenceCellProvider();
        try (RecurrentCell cell = provider.create(CellSpec.of(kind, 5, 7).withPrecision(precision).withSeed(3))) {
            long v = cell.parameters().version();
            Tensor x = CellContract.random(precision, 1, 4, 3, 5);
            ForwardPass pass = cell.forward(x, null);
            cell.backward(pass, Upstream.ofOutput(CellContract.random(precision, 2, 4, 3, 7)));
            assertThat(cell.parameters().version()).isEqualTo(v);
            cell.parameters().get(0).set(0, 0.25);
            assertThat(cell.parameters().version()).isGreaterThan(v);
        }
    }
}
