package org.rnnlab.gpu;

import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/**
 * The cuda backend against the whole contract kit (float32: shapes, PyTorch names, finite differences, state carry,
 * truncation, masks, bad input, PyTorch fixtures). Skipped, with the probe's reason printed, where no device is present.
 */
class CudaCellProviderContractTest extends CellContract {
    @Override
    protected CellProvider provider() {
        return new CudaCellProvider();
    }
}
