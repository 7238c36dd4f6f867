package org.rnnlab.api;

import java.util.Arrays;
import java.util.List;

/**
 * A recurrent state: {@code h} alone, or {@code h, c} for an LSTM; plugin cells may carry more tensors.
 * Tensor k is {@code [N, width_k]} with the width of the cell's {@link RecurrentCell#stateSize(int)}: H for each, except
 * that a projected LSTM's h has P ({@link CellSpec#projectionSize()}). Index 0 is always the hidden state {@code h} that
 * the cell outputs.
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
                throw new IllegalArgumentException("state tensors must be [N, width], got " + t);
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

    /**
     * Zero tensors of every state of {@code cell}: tensor k is [batch, {@link RecurrentCell#stateSize(int) stateSize(k)}],
     * in the cell's precision.
     */
    public static State zeros(RecurrentCell cell, int batch) {
        Tensor[] t = new Tensor[cell.stateCount()];
        for (int k = 0; k < t.length; k++) {
            t[k] = Tensor.zeros(cell.spec().precision(), batch, cell.stateSize(k));
        }
        return of(t);
    }

    /** The hidden state h, [N, H] (or [N, P] for a projected LSTM). */
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
