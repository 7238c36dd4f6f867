package org.rnnlab.cpu;

import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/** The reference backend (per-step cells through the generic unroller) against the contract kit. */
class ReferenceCellProviderContractTest extends CellContract {
    @Override
    protected CellProvider provider() {
        return new ReferenceCellProvider();
    }
}
