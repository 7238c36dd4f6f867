package org.rnnlab.api.plugin;

import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellProvider;

/** The plugin's provider: backend {@code mgu-plugin}, kind {@code mgu}; listed in META-INF/services of the test class path. */
public final class MinimalGatedUnitProvider extends StepCellProvider {
    @Override
    public String backend() {
        return "mgu-plugin";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("mgu");
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return new MinimalGatedUnit(spec);
    }
}
