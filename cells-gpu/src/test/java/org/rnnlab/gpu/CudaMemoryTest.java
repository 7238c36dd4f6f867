package org.rnnlab.gpu;

import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.DeviceMemory;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.cpu.CpuCellProvider;
import org.rnnlab.gpu.internal.CudaDevice;

/**
 * What a cuda cell says it holds on the device against what the driver says was taken ({@code cuMemGetInfo}), and the
 * weights kept on the device between writes: a write through {@code set} or {@code floatData()} reaches the next pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaMemoryTest {
    /** Allocation rounding (2 MiB pages for large buffers) over about 30 buffers, and the graphs of a pass. */
    private static final long SLACK = 96L << 20;

    @BeforeAll
    void device() {
        DeviceAssumptions.requireDevice("the device memory tests");
    }

    private static long free() {
        CudaDevice.get().makeCurrent();
        long[] free = new long[1];
        long[] total = new long[1];
        cuMemGetInfo(free, total);
        return free[0];
    }

    @Test
    void theCellsCountOfItsDeviceBytesMatchesWhatTheDriverLost() {
        CellSpec spec = CellSpec.of("lstm", 256, 512).withPrecision(Precision.FLOAT32).withSeed(4);
        long before = free();
        try (RecurrentCell cell = new CudaCellProvider().create(spec)) {
            ForwardPass pass = cell.forward(CellContract.random(Precision.FLOAT32, 1, 50, 64, 256), null);
            cell.backward(pass, Upstream.ofOutput(CellContract.random(Precision.FLOAT32, 2, 50, 64, 512)));
            DeviceMemory m = cell.deviceMemory().orElseThrow();
            long taken = before - free();
            // Weights 4·512·(256 + 512) floats; per step of 64 samples: x, xp, states, cache, mask, dOut, dxp, gX.
            long weights = 4L * 512 * (256 + 512 + 2) * 4;
            assertThat(m.cellBytes()).isGreaterThan(weights + 50L * 64 * (256 + 4 * 512) * 4);
            assertThat(m.totalBytes()).isGreaterThan(m.cellBytes());
            System.out.printf("[cuda] lstm X256 H512 N64 T50: the cell counts %d bytes, the driver lost %d (%s)%n", m.cellBytes(), taken,
                    m.device());
            assertThat(taken).isBetween(m.cellBytes(), m.cellBytes() + SLACK);
        }
    }

    @Test
    void aWriteToAWeightReachesTheNextPassAndReadsCopyNothing() {
        CellSpec spec = CellSpec.of("gru", 24, 40).withPrecision(Precision.FLOAT32).withSeed(6);
        Tensor x = CellContract.random(Precision.FLOAT32, 3, 7, 5, 24);
        try (RecurrentCell gpu = new CudaCellProvider().create(spec); RecurrentCell cpu = new CpuCellProvider().create(spec)) {
            Tensor first = gpu.forward(x, null).output();
            gpu.parameters().get("weight_hh_l0").set(3, 0.75);
            float[] bias = gpu.parameters().get("bias_ih_l0").floatData();
            bias[5] = -0.5f;
            cpu.parameters().load(gpu.parameters().snapshot());
            Tensor second = gpu.forward(x, null).output();
            assertThat(second.maxAbsDiff(first)).as("the writes changed the pass").isGreaterThan(1e-4);
            assertThat(second.maxAbsDiff(cpu.forward(x, null).output())).as("against the cpu cell on the written weights").isLessThan(1e-5);
        }
    }
}
