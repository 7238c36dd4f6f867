package org.rnnlab.api.spi;

/**
 * The buffers of one time step that a {@link StepCell} reads and writes, as {@code double[]}; reused across steps, so a
 * cell must not keep references to them.
 *
 * <p>Shapes (row-major, batch first): {@code x} [N, X]; each state {@code previous(k)}, {@code next(k)} [N, H];
 * {@code cache} [N, cacheWidth]; gradients have the shape of what they differentiate.
 */
public final class Step {
    private final int batch;
    private final int inputSize;
    private final int hiddenSize;
    final double[] x;
    final double[][] previous;
    final double[][] next;
    final double[] cache;
    final double[][] gradNext;
    final double[][] gradPrevious;
    final double[] gradX;

    Step(int batch, int inputSize, int hiddenSize, int stateCount, int cacheWidth) {
        this.batch = batch;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.x = new double[batch * inputSize];
        this.previous = new double[stateCount][batch * hiddenSize];
        this.next = new double[stateCount][batch * hiddenSize];
        this.cache = new double[batch * cacheWidth];
        this.gradNext = new double[stateCount][batch * hiddenSize];
        this.gradPrevious = new double[stateCount][batch * hiddenSize];
        this.gradX = new double[batch * inputSize];
    }

    /** N. */
    public int batch() {
        return batch;
    }

    /** X. */
    public int inputSize() {
        return inputSize;
    }

    /** H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The input of this step, [N, X]. */
    public double[] x() {
        return x;
    }

    /** State {@code k} before this step, [N, H]. */
    public double[] previous(int k) {
        return previous[k];
    }

    /** State {@code k} after this step, [N, H]: written by forward. */
    public double[] next(int k) {
        return next[k];
    }

    /** The cell's saved values for this step, [N, cacheWidth]: written by forward, read by backward. */
    public double[] cache() {
        return cache;
    }

    /** ∂L/∂(state k after this step), [N, H]: read by backward. */
    public double[] gradNext(int k) {
        return gradNext[k];
    }

    /** ∂L/∂(state k before this step), [N, H]: added to by backward. */
    public double[] gradPrevious(int k) {
        return gradPrevious[k];
    }

    /** ∂L/∂x of this step, [N, X]: added to by backward. */
    public double[] gradX() {
        return gradX;
    }
}
