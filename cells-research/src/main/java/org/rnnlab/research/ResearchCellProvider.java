package org.rnnlab.research;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellF32;
import org.rnnlab.api.spi.StepCellProvider;

/**
 * Backend {@code research}, priority {@value #PRIORITY}: the cells of {@link ResearchKind} as per-step plugins in float32
 * and float64 (the float32 steps generated from the float64 sources), unrolled by rnnlab. Listed in {@code META-INF/services/org.rnnlab.api.spi.CellProvider}, so {@code ./rnnlab} and every
 * {@link org.rnnlab.api.CellRegistry} find it.
 *
 * <p>The priority is that of the other per-step backend, {@code reference}: readable per-step math, below whole-sequence
 * kernels, so that a faster plugin offering one of these kinds is chosen over it.
 */
public final class ResearchCellProvider extends StepCellProvider {
    /** The priority of the per-step backends. */
    public static final int PRIORITY = 10;

    @Override
    public String backend() {
        return "research";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<String> kinds() {
        return ResearchKind.ids();
    }

    /** The settings a kind reads (coRNN's {@code dt}, {@code gamma}, …); none for a kind this provider does not offer. */
    @Override
    public Set<String> settings(String kind) {
        return ResearchKind.find(kind).map(ResearchKind::settings).orElse(Set.of());
    }

    @Override
    public Set<Precision> precisions(String kind) {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    public Availability probe() {
        return Availability.available("pure Java; the literature's remedy cells, per step, unrolled by rnnlab (float32, float64)");
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        return ResearchKind.of(spec.kind()).create(spec);
    }

    @Override
    protected Optional<StepCellF32> stepCellF32(CellSpec spec) {
        return Optional.of(ResearchKind.of(spec.kind()).createF32(spec));
    }
}
