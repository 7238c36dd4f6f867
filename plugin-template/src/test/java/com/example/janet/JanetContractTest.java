package com.example.janet;

import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/** rnnlab's contract kit: shapes, determinism, finite differences of every gradient, state carry, truncation, masks, bad input. */
class JanetContractTest extends CellContract {
    @Override
    protected CellProvider provider() {
        return new JanetProvider();
    }
}
