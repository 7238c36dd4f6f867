package org.rnnlab.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.rnnlab.api.spi.Availability;

/** Skips a GPU test, printing the probe's reason, where no usable CUDA device is present. */
final class DeviceAssumptions {
    private DeviceAssumptions() {
    }

    static void requireDevice(String test) {
        Availability a = new CudaCellProvider().probe();
        if (!a.available()) {
            System.out.println("[cuda] skipping " + test + ": " + a.reason());
        }
        assumeTrue(a.available(), () -> "no CUDA device: " + a.reason());
    }
}
