package org.rnnlab.cpu;

import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/** The cpu backend with EJML's products (the fallback when the Vector API module is absent) against the contract kit. */
class CpuEjmlContractTest extends CellContract {
    @Override
    protected CellProvider provider() {
        return new CpuCellProvider(MatrixEngine.EJML);
    }
}
