package org.rnnlab.api.plugin;

import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellProvider;

/** Backend {@code skew-plugin}, kind {@code skew_rnn}: the SPI's pass hooks and constraint under the contract kit. */
public final class SkewRnnProvider extends StepCellProvider {
    @Override
    public String backend() {
        return "skew-plugin";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("skew_rnn");
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return new SkewRnn(spec);
    }
}
