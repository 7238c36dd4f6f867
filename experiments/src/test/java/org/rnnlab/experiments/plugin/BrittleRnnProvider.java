package org.rnnlab.experiments.plugin;

import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellProvider;

/**
 * Backend {@code brittle-plugin}, kind {@code brittle}, in float64 only (a per-step plugin without a float32 twin: what a
 * float32 sweep refuses); on the test class path only.
 */
public final class BrittleRnnProvider extends StepCellProvider {
    @Override
    public String backend() {
        return "brittle-plugin";
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("brittle");
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return new BrittleRnn(spec);
    }
}
