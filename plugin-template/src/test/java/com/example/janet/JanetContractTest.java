package com.example.janet;

import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/**
 * rnnlab's contract kit: shapes, determinism, finite differences of every gradient, state carry, truncation, masks, bad
 * input, in each precision the provider offers (float32 and float64: then also float32 against float64 on the same weights).
 */
class JanetContractTest extends CellContract {
    @Override
    protected CellProvider provider() {
        return new JanetProvider();
    }
}
