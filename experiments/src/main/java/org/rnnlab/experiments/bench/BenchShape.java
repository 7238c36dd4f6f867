package org.rnnlab.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellKinds;

/**
 * One benchmark shape: cell kind, batch N, hidden H, input X, steps T.
 *
 * @param cell   rnn, gru or lstm
 * @param batch  N
 * @param hidden H
 * @param input  X
 * @param steps  T
 */
public record BenchShape(String cell, int batch, int hidden, int input, int steps) {

    /** Validates sizes. */
    public BenchShape {
        CellKinds.gateCount(cell);
        if (batch < 1 || hidden < 1 || input < 1 || steps < 1) {
            throw new IllegalArgumentException("benchmark sizes must be >= 1, got N " + batch + ", H " + hidden + ", X " + input + ", T " + steps);
        }
    }

    /** Floating-point operations of a forward pass: 2·G·H·(X + H)·N·T (the matrix products; gate math is lower order). */
    public double forwardFlops() {
        return 2.0 * CellKinds.gateCount(cell) * hidden * (input + (double) hidden) * batch * steps;
    }

    /** Of forward + backward: 3× the forward (backward computes ∂X/∂h and ∂W, each a product of the same size). */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }

    /**
     * The standard CPU grid of [perf]: each cell × (N, H = X, T) ∈ {(32, 128, 100), (64, 256, 50), (16, 512, 25),
     * (1, 128, 1000)}, plus DeepBench's LSTM with H 512, N 16, 32, 64, T 25.
     */
    public static List<BenchShape> standardGrid() {
        List<BenchShape> out = new ArrayList<>();
        int[][] shapes = {{32, 128, 100}, {64, 256, 50}, {16, 512, 25}, {1, 128, 1000}};
        for (String cell : List.of("rnn", "gru", "lstm")) {
            for (int[] s : shapes) {
                out.add(new BenchShape(cell, s[0], s[1], s[1], s[2]));
            }
        }
        for (int n : new int[] {16, 32, 64}) {
            out.add(new BenchShape("lstm", n, 512, 512, 25));
        }
        return out;
    }

    @Override
    public String toString() {
        return cell + " N" + batch + " H" + hidden + " X" + input + " T" + steps;
    }
}
