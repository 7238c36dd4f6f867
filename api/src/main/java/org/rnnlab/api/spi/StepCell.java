package org.rnnlab.api.spi;

import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.ParameterShape;

/**
 * The per-step math of a recurrent cell in {@code double} arithmetic: all a plugin author writes. rnnlab's unroller runs
 * it over time, keeps the tape, and calls {@link #backward} in reverse order for backpropagation through time.
 *
 * <p>Buffers are flat row-major {@code double[]} with the batch as the leading dimension (see {@link Step}).
 * Parameters come as one {@code double[]} per entry of {@link #layout()}, in that order, row-major.
 * Implementations hold no per-call state and allocate nothing per step.
 *
 * <p>Once, when the cell is made: the standard draw of {@link org.rnnlab.api.ParameterInitializer}, then
 * {@link #initialize} (for parameters the cell's paper initialises otherwise), then {@link #constrain}.
 *
 * <p>Call order per pass: {@link #prepare} → {@link #forward} for t = 0 … T−1 → {@link #backward} for t = T−1 … T−k →
 * {@link #backwardPrepared}; after an optimizer step, {@link #constrain}. The two hooks around a pass serve cells whose
 * steps read values derived from the parameters (expRNN's W_hh = exp(A − Aᵀ), a weight normalisation), computed once
 * per pass instead of once per step; {@link #constrain} serves cells with a feasible set (IndRNN's bound on |u|).
 */
public interface StepCell {
    /** The parameters, PyTorch-named ({@code weight_ih_l0}, …), in the order the arrays are passed. */
    List<ParameterShape> layout();

    /** Number of state tensors (1 for h, 2 for h and c, …); state 0 is the hidden state h that is output. */
    int stateCount();

    /** How many {@code double} values per sample the cell saves at each step for its backward step (may be 0). */
    int cacheWidth();

    /**
     * One step forward: reads {@link Step#x()}, {@link Step#previous(int)}, writes every {@link Step#next(int)}
     * and {@link Step#cache()}.
     */
    void forward(double[][] params, Step step);

    /**
     * One step backward. Reads the forward buffers of this step (as they were after {@link #forward}) and
     * {@link Step#gradNext(int)}, the total ∂L/∂(state k after this step). Adds ∂L/∂(state k before this step)
     * into {@link Step#gradPrevious(int)}, ∂L/∂x into {@link Step#gradX()}, and ∂L/∂θ into {@code paramGrads}
     * (one array per layout entry). All three are zero or hold other contributions on entry: add, never assign.
     */
    void backward(double[][] params, Step step, double[][] paramGrads);

    /**
     * Computed once per forward pass, before its first step: the arrays that {@link #forward} and {@link #backward}
     * of this pass receive as {@code params}. By default the parameters themselves. A cell may return other arrays
     * (for example the parameters followed by derived matrices); it then receives gradients with respect to those
     * arrays from its steps and maps them back in {@link #backwardPrepared}. {@code params} is Not modified.
     */
    default double[][] prepare(double[][] params) {
        return params;
    }

    /**
     * Called once per backward pass, after its last step, when {@link #prepare} returned arrays other than the
     * parameters: adds ∂L/∂θ into {@code paramGrads} (one array per layout entry, holding zeros) from
     * {@code preparedGrads}, which the steps filled with ∂L/∂ of each prepared array. Not called otherwise (the steps
     * then add into {@code paramGrads} directly), so only cells that override {@link #prepare} override this.
     */
    default void backwardPrepared(double[][] params, double[][] prepared, double[][] preparedGrads, double[][] paramGrads) {
        throw new IllegalStateException(getClass().getName() + ".prepare returned arrays other than the parameters, so it must "
                + "override backwardPrepared to map their gradients back onto the parameters");
    }

    /**
     * Redraws, after the standard initialization, the parameters the cell initialises its own way (layer-norm gains at 1,
     * IndRNN's recurrent weights in (0, 1), an orthogonal RNN's skew-symmetric generator); called once when the cell is
     * made. {@code rnd} is seeded from the spec's seed, so the draw is the same on every backend and in both precisions:
     * take each value from {@code rnd} and cast it to the arrays' type ({@code (double) (rnd.nextDouble() - 0.5)}), and
     * the float64 and float32 cells start from the same values, the float32 ones rounded. By default nothing changes.
     */
    default void initialize(double[][] params, SplittableRandom rnd) {
    }

    /**
     * Projects the parameters back into the cell's feasible set, in place; called after every optimizer step (and
     * once after initialization). By default there is no constraint and nothing changes.
     */
    default void constrain(double[][] params) {
    }
}
