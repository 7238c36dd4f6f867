package org.rnnlab.cpu;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.MemoryLimitException;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;

/** Requests that cannot fit a Java array are refused before the cpu backend allocates anything, with the sizes. */
class SizeLimitsTest {
    @Test
    void aTapeBeyondAJavaArrayIsRefusedWithItsSizes() {
        // LSTM T 100000, N 32, H 1024: the input projection holds 3.2 M × 4096 values (it overflowed an int before).
        try (RecurrentCell cell = new CpuCellProvider().create(CellSpec.of("lstm", 1, 1024).withPrecision(Precision.FLOAT32))) {
            Tensor x = Tensor.zeros(Precision.FLOAT32, 100_000, 32, 1);
            assertThatThrownBy(() -> cell.forward(x, null)).isInstanceOf(MemoryLimitException.class)
                    .hasMessage("T 100000, N 32, X 1, G·H 4096: the input projection [T·N, G·H] needs 3200000 × 4096 = 13107200000 "
                            + "values, more than the 2147483639 a Java array holds; make the request smaller");
        }
    }
}
