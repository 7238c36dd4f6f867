package org.rnnlab.experiments.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellKinds;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.DeviceMemory;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;
import org.rnnlab.cpu.CpuCellProvider;

/**
 * A cell that keeps its passes in a device's memory is measured there: by the bytes it says it holds after a pass, in
 * the device's memory, not by the JVM heap's allocation.
 */
class DeviceMemoryProbeTest {
    /** What the fake device holds: 1 MB of weights and 3000 bytes per step of each sample of the latest pass. */
    static final long FIXED = 1_000_000;
    static final long PER_SAMPLE_STEP = 3_000;
    static final long DEVICE = 8L << 30;

    /** The cpu cell's math, with a device's bookkeeping of its memory. */
    static final class DeviceCell implements RecurrentCell {
        private final RecurrentCell cpu;
        private long held = FIXED;

        DeviceCell(RecurrentCell cpu) {
            this.cpu = cpu;
        }

        @Override
        public CellSpec spec() {
            return cpu.spec();
        }

        @Override
        public String backend() {
            return "fake-device";
        }

        @Override
        public Parameters parameters() {
            return cpu.parameters();
        }

        @Override
        public int stateCount() {
            return cpu.stateCount();
        }

        @Override
        public ForwardPass forward(Tensor input, State initial, Mask mask) {
            held = FIXED + PER_SAMPLE_STEP * input.dim(0) * input.dim(1);
            return cpu.forward(input, initial, mask);
        }

        @Override
        public Gradients backward(ForwardPass pass, Upstream upstream) {
            return cpu.backward(pass, upstream);
        }

        @Override
        public Optional<DeviceMemory> deviceMemory() {
            return Optional.of(new DeviceMemory("Fake GPU 0", held, DEVICE));
        }

        @Override
        public void close() {
            cpu.close();
        }
    }

    static final class DeviceProvider implements CellProvider {
        @Override
        public String backend() {
            return "fake-device";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public Set<String> kinds() {
            return Set.of(CellKinds.LSTM);
        }

        @Override
        public Availability probe() {
            return Availability.available("a fake device for the memory probe's test");
        }

        @Override
        public RecurrentCell create(CellSpec spec) {
            return new DeviceCell(new CpuCellProvider().create(spec));
        }
    }

    @Test
    void aDeviceCellIsSizedByWhatItHoldsInTheDevicesMemory() {
        CellRegistry device = CellRegistry.of(List.of(new DeviceProvider()));
        MemoryProbe.Profile p = MemoryProbe.measure(device, CellSpec.of("lstm", 8, 32), 16, 512L << 20, 50);
        assertThat(p.device()).contains("Fake GPU 0");
        assertThat(p.measuredBytesPerStep()).isEqualTo(16 * PER_SAMPLE_STEP);
        assertThat(p.fixedBytes()).isEqualTo(FIXED);
        assertThat(p.budgetBytes()).as("the device's memory, not the heap budget").isEqualTo(DEVICE);
        assertThat(p.maxStepsFull()).isEqualTo((DEVICE - FIXED) / (16 * PER_SAMPLE_STEP));
        assertThat(p.maxStepsTruncated()).as("one window on the device, the sequence on the host").isEqualTo(MemoryProbe.ANY_LENGTH);
    }

    @Test
    void aWindowLargerThanTheDeviceFitsNoLength() {
        CellRegistry device = CellRegistry.of(List.of(new DeviceProvider()));
        int window = (int) (DEVICE / (16 * PER_SAMPLE_STEP)) + 10;
        MemoryProbe.Profile p = MemoryProbe.measure(device, CellSpec.of("lstm", 8, 32), 16, 512L << 20, window);
        assertThat(p.maxStepsTruncated()).isZero();
    }

    @Test
    void hostCellsAreStillMeasuredOnTheHeap() {
        MemoryProbe.Profile p = MemoryProbe.measure(CellRegistry.of(List.of(new CpuCellProvider())), CellSpec.of("lstm", 8, 32), 16,
                512L << 20, 50);
        assertThat(p.device()).isEmpty();
        assertThat(p.budgetBytes()).isEqualTo(512L << 20);
    }
}
