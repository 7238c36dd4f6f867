package org.rnnlab.api.spi;

import java.util.List;
import org.rnnlab.api.ParameterShape;

/**
 * The per-step math of a recurrent cell, in float64: all a plugin author writes. rnnlab's unroller runs it
 * over time, keeps the tape, and calls {@link #backward} in reverse order for backpropagation through time.
 *
 * <p>Buffers are flat row-major {@code double[]} with the batch as the leading dimension (see {@link Step}).
 * Parameters come as one {@code double[]} per entry of {@link #layout()}, in that order, row-major.
 * Implementations hold no per-call state and allocate nothing per step.
 */
public interface StepCell {
    /** The parameters, PyTorch-named ({@code weight_ih_l0}, …), in the order the arrays are passed. */
    List<ParameterShape> layout();

    /** Number of state tensors (1 for h, 2 for h and c, …); state 0 is the hidden state h that is output. */
    int stateCount();

    /** How many doubles per sample the cell saves at each step for its backward step (may be 0). */
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
}
