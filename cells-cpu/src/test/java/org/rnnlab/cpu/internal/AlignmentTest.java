package org.rnnlab.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The addresses {@link Alignment} reads, checked against two things HotSpot guarantees: objects allocated one after
 * another in a thread's allocation buffer lie back to back (so the differences of their addresses are their sizes,
 * which a wrong decoding of compressed references would scale), and G1 starts an array larger than a region on a
 * region's boundary (so its element 0 lies the array header's length past a line).
 */
class AlignmentTest {

    @Test
    void offsetsLieWithinALine() {
        for (int size = 1; size < 300; size += 7) {
            assertThat(Alignment.lineOffset(new Object[] {new float[size]}, 4)).isBetween(0, 15);
            assertThat(Alignment.lineOffset(new Object[] {new double[size]}, 8)).isBetween(0, 7);
        }
    }

    @Test
    void consecutiveAllocationsLieTheirSizesApart() {
        assumeTrue(Alignment.available(), "this JVM does not tell where arrays lie (JDK 24+, or no sun.misc.Unsafe)");
        long[][] arrays = new long[64][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new long[3];
        }
        long size = address(arrays[1]) - address(arrays[0]); // header + 24 bytes, aligned
        int apart = 0;
        for (int i = 1; i < arrays.length; i++) {
            if (address(arrays[i]) - address(arrays[i - 1]) == size) {
                apart++;
            }
        }
        // A new allocation buffer may start between two of them; the rest lie back to back.
        assertThat(apart).isGreaterThanOrEqualTo(arrays.length - 3);
        assertThat(size).isBetween(32L, 48L);
    }

    @Test
    void anArrayLargerThanARegionStartsOnARegionBoundary() {
        assumeTrue(Alignment.available(), "this JVM does not tell where arrays lie (JDK 24+, or no sun.misc.Unsafe)");
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .anyMatch(name -> name.startsWith("G1"));
        assumeTrue(g1, "only G1 places large arrays on region boundaries");
        float[] large = new float[16 << 20]; // 64 MiB: more than the largest region, 32 MiB
        long header = address(large) % Alignment.LINE;
        assertThat(address(large) % (1 << 20)).isEqualTo(header); // a region is at least 1 MiB
        assertThat(Alignment.lineOffset(new Object[] {large}, 4)).isEqualTo((int) ((Alignment.LINE - header) % Alignment.LINE) / 4);
    }

    @Test
    void whatIsNotAnArrayHasNoAddress() {
        assertThat(Alignment.address(new Object[] {"text"})).isEqualTo(-1);
        assertThat(Alignment.address(new Object[1])).isEqualTo(-1);
        assertThat(Alignment.lineOffset(new Object[] {"text"}, 4)).isZero();
    }

    private static long address(Object array) {
        return Alignment.address(new Object[] {array});
    }
}
