package com.example.janet;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellF32;
import org.rnnlab.api.spi.StepCellProvider;

/**
 * The plugin's provider: backend {@code janet-plugin}, kind {@code janet}, listed in
 * {@code META-INF/services/org.rnnlab.api.spi.CellProvider}. rnnlab unrolls the per-step cell over time and runs BPTT,
 * in float64 ({@link JanetF64}) and float32 ({@code JanetF32}, generated from it at build time).
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
    public Set<Precision> precisions(String kind) {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return new JanetF64(spec);
    }

    @Override
    protected Optional<StepCellF32> stepCellF32(CellSpec spec) {
        return Optional.of(new JanetF32(spec));
    }
}
