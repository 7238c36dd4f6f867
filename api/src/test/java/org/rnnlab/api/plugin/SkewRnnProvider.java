package org.rnnlab.api.plugin;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellF32;
import org.rnnlab.api.spi.StepCellProvider;

/**
 * Backend {@code skew-plugin}, kind {@code skew_rnn}: the SPI's pass hooks and constraint under the contract kit, in both
 * precisions ({@link SkewRnnF64} and its generated float32 twin).
 */
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
    public Set<Precision> precisions(String kind) {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return new SkewRnnF64(spec);
    }

    @Override
    protected Optional<StepCellF32> stepCellF32(CellSpec spec) {
        return Optional.of(new SkewRnnF32(spec));
    }
}
