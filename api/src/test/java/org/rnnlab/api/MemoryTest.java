package org.rnnlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizes are checked in long arithmetic and against the heap before anything is allocated. */
class MemoryTest {
    @Test
    void arrayLengthsThatOverflowAreRefusedWithTheProduct() {
        assertThat(Memory.arrayLength("x", 3, 4, 5)).isEqualTo(60);
        assertThatThrownBy(() -> Memory.arrayLength("the input projection [T·N, G·H]", 3_200_000, 4096))
                .isInstanceOf(MemoryLimitException.class)
                .hasMessage("the input projection [T·N, G·H] needs 3200000 × 4096 = 13107200000 values, more than the 2147483639 a Java "
                        + "array holds; make the request smaller");
        assertThatThrownBy(() -> Memory.arrayLength("y", Long.MAX_VALUE, 3)).hasMessageContaining("needs 9223372036854775807 × 3 values");
    }

    @Test
    void aRequestLargerThanTheHeapSaysHowMuchAndHowToRaiseIt() {
        long max = Runtime.getRuntime().maxMemory();
        assertThatThrownBy(() -> Memory.require("the tape", max + (1L << 30)))
                .isInstanceOf(MemoryLimitException.class)
                .hasMessageContaining("the tape needs " + Memory.human(max + (1L << 30)) + ", but the Java heap has ")
                .hasMessageContaining("free of " + Memory.human(max) + " at most")
                .hasMessageContaining("RNNLAB_JAVA_OPTS=-Xmx");
        Memory.require("a small request", 1 << 20); // never refused
        assertThat(Memory.human(1536)).isEqualTo("1.5 KiB");
        assertThat(Memory.human(6L << 30)).isEqualTo("6.0 GiB");
    }

    @Test
    void aTensorTooLargeForTheHeapIsRefusedBeforeAllocation() {
        long max = Runtime.getRuntime().maxMemory();
        int rows = (int) Math.min(Memory.MAX_ARRAY / 1024, max / 8 / 1024 + 1024);
        if ((long) rows * 1024 * 8 > max) {
            assertThatThrownBy(() -> Tensor.zeros(Precision.FLOAT64, rows, 1024)).isInstanceOf(MemoryLimitException.class)
                    .hasMessageContaining("a float64 tensor of shape [" + rows + ", 1024] needs");
        }
    }

    @Test
    void builtInCellsTooLargeForAnArrayAreRefusedAtTheSpec() {
        assertThatThrownBy(() -> CellSpec.of("lstm", 8, 32768))
                .hasMessageContaining("lstm with hiddenSize 32768 and inputSize 8: weight_hh_l0 [4·H, H] needs 4294967296 values")
                .hasMessageContaining("H ≤ 23170");
        assertThat(CellSpec.of("lstm", 8, 23170).hiddenSize()).isEqualTo(23170);
        assertThat(CellSpec.of("rnn", 8, 32768).hiddenSize()).isEqualTo(32768);
        assertThatThrownBy(() -> CellSpec.of("gru", 32768, 30000)).hasMessageContaining("weight_ih_l0 [3·H, X]");
    }
}
