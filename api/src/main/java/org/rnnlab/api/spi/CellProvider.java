package org.rnnlab.api.spi;

import java.util.EnumSet;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;

/**
 * A backend's factory of cells, discovered with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.rnnlab.api.spi.CellProvider} of your jar.
 *
 * <p>Two ways to write one: extend {@link StepCellProvider} and supply only the per-step math of a cell
 * ({@link StepCell}); rnnlab unrolls it and runs BPTT. Or implement this interface directly and return cells
 * with whole-sequence kernels (fused gates, one GEMM for all input projections) for speed.
 *
 * <p>Rules: the constructor is public, takes no arguments and does no work; {@link #probe()} loads native
 * libraries lazily, never throws, and reports a reason either way.
 */
public interface CellProvider {
    /** Backend name, lower case, unique among providers: {@code cpu}, {@code cuda}, {@code reference}, … */
    String backend();

    /** Higher wins when no backend is chosen explicitly. Built-in: cuda 200, cpu 100, reference 10. */
    int priority();

    /** Cell kinds this provider offers. */
    Set<String> kinds();

    /** Precisions offered for a kind; by default both. */
    default Set<Precision> precisions(String kind) {
        return EnumSet.allOf(Precision.class);
    }

    /**
     * The names of the {@link org.rnnlab.api.CellSettings} a kind reads (coRNN's {@code dt}, …); a spec with any other is
     * refused before the cell is built. By default none.
     */
    default Set<String> settings(String kind) {
        return Set.of();
    }

    /**
     * Whether this provider runs {@code kind} with a projection of h ({@link CellSpec#projectionSize()} &gt; 0, PyTorch's
     * {@code proj_size}): states of two widths, h [N, P] and c [N, H]. By default not, so that a provider written before
     * projections existed never claims a projected spec it would run as if unprojected.
     */
    default boolean offersProjection(String kind) {
        return false;
    }

    /**
     * Whether this provider offers the spec's kind in the spec's precision, and its projection when it has one
     * (availability aside).
     */
    default boolean supports(CellSpec spec) {
        return kinds().contains(spec.kind()) && precisions(spec.kind()).contains(spec.precision())
                && (spec.projectionSize() == 0 || offersProjection(spec.kind()));
    }

    /** Checks, without throwing, whether this backend can run here. May be called more than once. */
    Availability probe();

    /**
     * Builds a cell with parameters drawn from the spec's initialization and seed.
     *
     * @throws IllegalArgumentException when the spec is not {@linkplain #supports supported}
     */
    RecurrentCell create(CellSpec spec);
}
