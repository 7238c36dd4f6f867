package org.rnnlab.api.layers;

import org.rnnlab.api.Tensor;

/** Small tensor operations on time-major sequences [T, N, F] that the layers share. */
final class SeqOps {
    private SeqOps() {
    }

    /** A copy with the time axis reversed. */
    static Tensor reverseTime(Tensor seq) {
        int steps = seq.dim(0);
        int row = seq.size() / steps;
        Tensor out = Tensor.zeros(seq.precision(), seq.shape());
        for (int t = 0; t < steps; t++) {
            int from = t * row;
            int to = (steps - 1 - t) * row;
            for (int i = 0; i < row; i++) {
                out.set(to + i, seq.get(from + i));
            }
        }
        return out;
    }

    /** a += b, elementwise (Modified: a). */
    static void addInto(Tensor a, Tensor b) {
        for (int i = 0; i < a.size(); i++) {
            a.set(i, a.get(i) + b.get(i));
        }
    }

    /** a ⊙ b as a new tensor. */
    static Tensor times(Tensor a, Tensor b) {
        Tensor out = Tensor.zeros(a.precision(), a.shape());
        for (int i = 0; i < a.size(); i++) {
            out.set(i, a.get(i) * b.get(i));
        }
        return out;
    }
}
