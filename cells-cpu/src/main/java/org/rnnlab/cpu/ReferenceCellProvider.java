package org.rnnlab.cpu;

import java.util.Set;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellProvider;
import org.rnnlab.cpu.step.GruStep;
import org.rnnlab.cpu.step.LstmStep;
import org.rnnlab.cpu.step.RnnStep;

/**
 * The {@code reference} backend: the built-in cells' readable per-step math ({@link org.rnnlab.cpu.step}) run
 * through rnnlab's generic unroller, in float64. Slow and plain on purpose: a second, independent implementation
 * to check fast backends against. Priority 10, so it serves only when chosen or when nothing better is there.
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
    protected StepCell stepCell(CellSpec spec) {
        return switch (BuiltInKind.of(spec.kind())) {
            case RNN -> new RnnStep(spec);
            case GRU -> new GruStep(spec);
            case LSTM -> new LstmStep(spec);
        };
    }
}
