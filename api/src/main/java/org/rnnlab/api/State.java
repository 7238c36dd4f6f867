package org.rnnlab.api;

import java.util.Arrays;
import java.util.List;

/**
 * A recurrent state: {@code h} alone, or {@code h, c} for an LSTM; plugin cells may carry more tensors.
 * Each tensor is {@code [N, H]}. Index 0 is always the hidden state {@code h} that the cell outputs.
 */
public final class State {
    private final List<Tensor> tensors;

    private State(List<Tensor> tensors) {
        this.tensors = tensors;
    }

    /** A state of the given tensors (h first). */
    public static State of(Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("a state needs at least the hidden state h");
        }
        for (Tensor t : tensors) {
            if (t == null || t.rank() != 2) {
                throw new IllegalArgumentException("state tensors must be [N, H], got " + t);
            }
        }
        return new State(List.of(tensors));
    }

    /** {@code count} zero tensors of shape {@code [batch, hidden]}. */
    public static State zeros(Precision precision, int count, int batch, int hidden) {
        Tensor[] t = new Tensor[count];
        for (int i = 0; i < count; i++) {
            t[i] = Tensor.zeros(precision, batch, hidden);
        }
        return of(t);
    }

    /** The hidden state h, [N, H]. */
    public Tensor h() {
        return tensors.get(0);
    }

    /** The LSTM cell state c, [N, H] (index 1). */
    public Tensor c() {
        if (tensors.size() < 2) {
            throw new IllegalStateException("this state has no cell state c (only LSTM-like cells have one)");
        }
        return tensors.get(1);
    }

    /** Tensor {@code i} of the state. */
    public Tensor get(int i) {
        return tensors.get(i);
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** A deep copy (to carry a state into the next call without aliasing). */
    public State copy() {
        return new State(tensors.stream().map(Tensor::copy).toList());
    }

    @Override
    public String toString() {
        return "State" + Arrays.toString(tensors.toArray());
    }
}
