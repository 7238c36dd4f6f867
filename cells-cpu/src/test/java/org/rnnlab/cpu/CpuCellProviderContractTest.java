package org.rnnlab.cpu;

import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/** The cpu backend (whole-sequence kernels, Vector API products in the test JVM) against the contract kit, float32 and float64. */
class CpuCellProviderContractTest extends CellContract {
    @Override
    protected CellProvider provider() {
        return new CpuCellProvider();
    }
}
