package org.rnnlab.api.spi;

import java.util.EnumSet;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;

/**
 * The easy way to add a cell: extend this class, return your {@link StepCell} from {@link #stepCell}, list the
 * class in {@code META-INF/services/org.rnnlab.api.spi.CellProvider}. rnnlab unrolls the step over time and runs
 * BPTT in float64 ({@link Precision#FLOAT64} only: for float32 speed, write a whole-sequence {@link CellProvider}).
 * The unroller gives every state tensor H values, so a step cell takes no projection of h.
 */
public abstract class StepCellProvider implements CellProvider {

    /** The per-step math for a spec whose kind is in {@link #kinds()}. */
    protected abstract StepCell stepCell(CellSpec spec);

    /** Step cells run in float64 only. */
    @Override
    public Set<Precision> precisions(String kind) {
        return EnumSet.of(Precision.FLOAT64);
    }

    /** Never: the unroller's states all have H values, and a projected h has P. */
    @Override
    public final boolean offersProjection(String kind) {
        return false;
    }

    /** Pure Java: always available. */
    @Override
    public Availability probe() {
        return Availability.available("pure Java; per-step cells unrolled by rnnlab (float64)");
    }

    @Override
    public final RecurrentCell create(CellSpec spec) {
        if (spec.projectionSize() > 0) {
            throw new IllegalArgumentException("backend '" + backend() + "' runs per-step cells, whose states all have hiddenSize "
                    + spec.hiddenSize() + " values: it cannot project h to projectionSize " + spec.projectionSize()
                    + "; choose a backend that offers projections for " + spec.kind() + ", or leave projectionSize at 0");
        }
        if (!supports(spec)) {
            throw new IllegalArgumentException("backend '" + backend() + "' offers kinds " + kinds() + " in " + precisions(spec.kind())
                    + ", not " + spec.kind() + "/" + spec.precision().id());
        }
        spec.settings().requireOnly(spec.kind(), settings(spec.kind()));
        StepCell cell = stepCell(spec);
        if (cell.stateCount() < 1 || cell.cacheWidth() < 0) {
            throw new IllegalStateException(getClass().getName() + " returned a step cell with stateCount " + cell.stateCount()
                    + " and cacheWidth " + cell.cacheWidth() + "; need stateCount >= 1 and cacheWidth >= 0");
        }
        return new UnrolledCell(spec, backend(), cell);
    }
}
