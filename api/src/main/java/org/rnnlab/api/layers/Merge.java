package org.rnnlab.api.layers;

import org.rnnlab.api.Tensor;

/**
 * How a bidirectional layer combines its forward output a and its backward output b, both [T, N, H] (Keras'
 * {@code merge_mode}; PyTorch always concatenates). H here is the cell's output size: P for a projected LSTM.
 */
public enum Merge {
    /** [a, b] along features: [T, N, 2H]. PyTorch's layout. */
    CONCAT,
    /** a + b. */
    SUM,
    /** (a + b) / 2. */
    MEAN,
    /** a ⊙ b. */
    MUL;

    /** Features per step of the merged output for hidden size H. */
    public int width(int hidden) {
        return this == CONCAT ? 2 * hidden : hidden;
    }

    /** The merged output [..., width(H)] of a and b [..., H] (any leading shape, e.g. [T, N, H] or [N, H]). */
    public Tensor apply(Tensor a, Tensor b) {
        int h = a.dim(a.rank() - 1);
        int rows = a.size() / h;
        int[] shape = a.shape();
        shape[shape.length - 1] = width(h);
        Tensor out = Tensor.zeros(a.precision(), shape);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < h; j++) {
                double x = a.get(r * h + j);
                double y = b.get(r * h + j);
                switch (this) {
                    case CONCAT -> {
                        out.set(r * 2 * h + j, x);
                        out.set(r * 2 * h + h + j, y);
                    }
                    case SUM -> out.set(r * h + j, x + y);
                    case MEAN -> out.set(r * h + j, (x + y) / 2);
                    case MUL -> out.set(r * h + j, x * y);
                }
            }
        }
        return out;
    }

    /** ∂L/∂a and ∂L/∂b from ∂L/∂merged {@code g}; a and b are the forward inputs [..., H]. */
    public Tensor[] backward(Tensor g, Tensor a, Tensor b) {
        int h = a.dim(a.rank() - 1);
        int rows = a.size() / h;
        Tensor ga = Tensor.zeros(a.precision(), a.shape());
        Tensor gb = Tensor.zeros(a.precision(), a.shape());
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < h; j++) {
                int i = r * h + j;
                switch (this) {
                    case CONCAT -> {
                        ga.set(i, g.get(r * 2 * h + j));
                        gb.set(i, g.get(r * 2 * h + h + j));
                    }
                    case SUM -> {
                        ga.set(i, g.get(i));
                        gb.set(i, g.get(i));
                    }
                    case MEAN -> {
                        ga.set(i, g.get(i) / 2);
                        gb.set(i, g.get(i) / 2);
                    }
                    case MUL -> {
                        ga.set(i, g.get(i) * b.get(i));
                        gb.set(i, g.get(i) * a.get(i));
                    }
                }
            }
        }
        return new Tensor[] {ga, gb};
    }
}
