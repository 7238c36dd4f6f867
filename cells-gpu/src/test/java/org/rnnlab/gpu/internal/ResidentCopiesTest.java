package org.rnnlab.gpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

/** The bookkeeping that keeps a cell's weights on the device between writes (no device needed). */
class ResidentCopiesTest {

    @Test
    void aCopyIsStaleUntilMadeAndAgainAfterEveryWriteOrForAnotherTensor() {
        ResidentCopies copies = new ResidentCopies(2);
        Tensor w = Tensor.zeros(Precision.FLOAT32, 3, 2);
        assertThat(copies.stale(0, w)).as("never copied").isTrue();
        copies.copied(0, w);
        assertThat(copies.stale(0, w)).isFalse();
        assertThat(copies.stale(1, w)).as("another slot").isTrue();
        w.readFloats();
        w.get(1);
        assertThat(copies.stale(0, w)).as("after reads").isFalse();
        w.set(1, 0.5);
        assertThat(copies.stale(0, w)).as("after set").isTrue();
        copies.copied(0, w);
        w.floatData();
        assertThat(copies.stale(0, w)).as("after handing out the array for writing").isTrue();
        copies.copied(0, w);
        Tensor same = w.copy();
        assertThat(copies.stale(0, same)).as("an equal tensor that is another object").isTrue();
    }
}
