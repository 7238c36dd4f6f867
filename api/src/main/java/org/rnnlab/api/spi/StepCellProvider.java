package org.rnnlab.api.spi;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;

/**
 * The easy way to add a cell: extend this class, return your {@link StepCell} from {@link #stepCell}, list the
 * class in {@code META-INF/services/org.rnnlab.api.spi.CellProvider}. rnnlab unrolls the step over time and runs
 * BPTT, in float64 ({@link UnrolledCell}); and in float32 ({@link UnrolledCellF32}) for the kinds whose
 * {@link #precisions} include {@link Precision#FLOAT32}, from the {@link StepCellF32} that {@link #stepCellF32} supplies.
 *
 * <p>Write the cell once, as {@code MyCellF64 implements StepCell}: the build generates {@code MyCellF32 implements
 * StepCellF32} from it (rnnlab-plugin-parent does this for every {@code *F64.java}; see the README, "Adding a cell").
 * Then offer both precisions:
 * <pre>{@code
 * public Set<Precision> precisions(String kind) { return EnumSet.allOf(Precision.class); }
 * protected StepCell stepCell(CellSpec spec) { return new MyCellF64(spec); }
 * protected Optional<StepCellF32> stepCellF32(CellSpec spec) { return Optional.of(new MyCellF32(spec)); }
 * }</pre>
 * A provider that overrides neither of the last two offers float64 only.
 * The unroller gives every state tensor H values, so a step cell takes no projection of h.
 */
public abstract class StepCellProvider implements CellProvider {

    /** The per-step math in float64 for a spec whose kind is in {@link #kinds()}. */
    protected abstract StepCell stepCell(CellSpec spec);

    /**
     * The per-step math in float32 for a spec whose kind is in {@link #kinds()} and offered in
     * {@link Precision#FLOAT32} by {@link #precisions}; called for no other spec. By default none: a provider that offers
     * float32 overrides this and {@link #precisions} together.
     */
    protected Optional<StepCellF32> stepCellF32(CellSpec spec) {
        return Optional.empty();
    }

    /** By default float64 only; override together with {@link #stepCellF32} to offer float32 too. */
    @Override
    public Set<Precision> precisions(String kind) {
        return EnumSet.of(Precision.FLOAT64);
    }

    /** Never: the unroller's states all have H values, and a projected h has P. */
    @Override
    public final boolean offersProjection(String kind) {
        return false;
    }

    /** Pure Java: always available; the reason names the precisions the cells run in. */
    @Override
    public Availability probe() {
        return Availability.available("pure Java; per-step cells unrolled by rnnlab (" + precisionsText() + ")");
    }

    @Override
    public final RecurrentCell create(CellSpec spec) {
        if (spec.projectionSize() > 0) {
            throw new IllegalArgumentException("backend '" + backend() + "' runs per-step cells, whose states all have hiddenSize "
                    + spec.hiddenSize() + " values: it cannot project h to projectionSize " + spec.projectionSize()
                    + "; choose a backend that offers projections for " + spec.kind() + ", or leave projectionSize at 0");
        }
        if (!supports(spec)) {
            throw new IllegalArgumentException("backend '" + backend() + "' offers kinds " + kinds() + " in "
                    + (kinds().contains(spec.kind()) ? ids(precisions(spec.kind())) : precisionsText()) + ", not " + spec.kind() + "/"
                    + spec.precision().id());
        }
        spec.settings().requireOnly(spec.kind(), settings(spec.kind()));
        if (spec.precision() == Precision.FLOAT32) {
            StepCellF32 cell = stepCellF32(spec).orElseThrow(() -> new IllegalStateException(getClass().getName() + " lists "
                    + "float32 for kind '" + spec.kind() + "' in precisions() but its stepCellF32 returned no cell; override "
                    + "stepCellF32 to return the float32 twin (MyCellF32, generated from MyCellF64), or offer float64 only"));
            requireSizes(cell.stateCount(), cell.cacheWidth());
            return new UnrolledCellF32(spec, backend(), cell);
        }
        StepCell cell = stepCell(spec);
        requireSizes(cell.stateCount(), cell.cacheWidth());
        return new UnrolledCell(spec, backend(), cell);
    }

    private void requireSizes(int stateCount, int cacheWidth) {
        if (stateCount < 1 || cacheWidth < 0) {
            throw new IllegalStateException(getClass().getName() + " returned a step cell with stateCount " + stateCount
                    + " and cacheWidth " + cacheWidth + "; need stateCount >= 1 and cacheWidth >= 0");
        }
    }

    /** "float64", "float32, float64", or per kind when the kinds differ ("janet: float32, float64; mgu: float64"). */
    private String precisionsText() {
        TreeMap<String, String> byKind = new TreeMap<>();
        for (String kind : kinds()) {
            byKind.put(kind, ids(precisions(kind)));
        }
        if (byKind.values().stream().distinct().count() <= 1) {
            return byKind.isEmpty() ? "no kinds" : byKind.firstEntry().getValue();
        }
        return byKind.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String ids(Set<Precision> precisions) {
        return precisions.stream().map(Precision::id).sorted().collect(Collectors.joining(", "));
    }
}
