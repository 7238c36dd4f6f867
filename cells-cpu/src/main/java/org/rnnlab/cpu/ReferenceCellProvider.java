package org.rnnlab.cpu;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellF32;
import org.rnnlab.api.spi.StepCellProvider;
import org.rnnlab.cpu.step.GruStepF32;
import org.rnnlab.cpu.step.GruStepF64;
import org.rnnlab.cpu.step.LstmStepF32;
import org.rnnlab.cpu.step.LstmStepF64;
import org.rnnlab.cpu.step.RnnStepF32;
import org.rnnlab.cpu.step.RnnStepF64;

/**
 * The {@code reference} backend: the built-in cells' readable per-step math ({@link org.rnnlab.cpu.step}) run
 * through rnnlab's generic unroller, in float64 and in float32 (the float32 cells generated from the float64 sources).
 * Slow and plain on purpose: a second, independent implementation to check fast backends against. Priority 10, so it
 * serves only when chosen or when nothing better is there.
 */
public final class ReferenceCellProvider extends StepCellProvider {
    /** The backend name. */
    public static final String NAME = "reference";

    @Override
    public String backend() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Set<String> kinds() {
        return BuiltInKind.ids();
    }

    @Override
    public Set<Precision> precisions(String kind) {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return switch (BuiltInKind.of(spec.kind())) {
            case RNN -> new RnnStepF64(spec);
            case GRU -> new GruStepF64(spec);
            case LSTM -> new LstmStepF64(spec);
        };
    }

    @Override
    protected Optional<StepCellF32> stepCellF32(CellSpec spec) {
        return Optional.of(switch (BuiltInKind.of(spec.kind())) {
            case RNN -> new RnnStepF32(spec);
            case GRU -> new GruStepF32(spec);
            case LSTM -> new LstmStepF32(spec);
        });
    }
}
