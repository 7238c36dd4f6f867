package com.example.janet;

import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellProvider;

/**
 * The plugin's provider: backend {@code janet-plugin}, kind {@code janet}, listed in
 * {@code META-INF/services/org.rnnlab.api.spi.CellProvider}. rnnlab unrolls the per-step cell over time and runs BPTT.
 */
public final class JanetProvider extends StepCellProvider {
    @Override
    public String backend() {
        return "janet-plugin";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("janet");
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return new Janet(spec);
    }
}
