package org.rnnlab.research;

import java.util.Map;
import java.util.Set;
import org.rnnlab.api.CellSettings;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.CellProvider;

/** The contract kit over expRNN with the identity as its activation, the variant whose Jacobian products are W^k. */
class LinearExpRnnContractTest extends ResearchCellContractTest {
    @Override
    protected CellProvider provider() {
        return new NarrowedProvider(super.provider(), Set.of("exprnn"));
    }

    @Override
    protected CellSpec spec(String kind, Precision precision) {
        return super.spec(kind, precision).withSettings(CellSettings.of(Map.of("activation", "linear")));
    }
}
