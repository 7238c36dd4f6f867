package org.rnnlab.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellKinds;

/**
 * One benchmark shape: cell kind, batch N, hidden H, input X, steps T.
 *
 * @param cell   rnn, gru, lstm or a plugin's kind
 * @param batch  N
 * @param hidden H
 * @param input  X
 * @param steps  T
 */
public record BenchShape(String cell, int batch, int hidden, int input, int steps) {

    /** Validates sizes. */
    public BenchShape {
        cell = CellKinds.normalise(cell);
        if (batch < 1 || hidden < 1 || input < 1 || steps < 1) {
            throw new IllegalArgumentException("benchmark sizes must be >= 1, got N " + batch + ", H " + hidden + ", X " + input + ", T " + steps);
        }
    }

    /**
     * Floating-point operations of a forward pass of a cell whose input and recurrent weight matrices hold
     * {@code weights} values: 2·weights·N·T (the matrix products; gate math is lower order). For a built-in kind,
     * weights = G·H·(X + H).
     */
    public double forwardFlops(long weights) {
        return 2.0 * weights * batch * steps;
    }

    /** Of a built-in kind: 2·G·H·(X + H)·N·T. */
    public double forwardFlops() {
        return forwardFlops((long) BuiltInKind.of(cell).gates() * hidden * (input + (long) hidden));
    }

    /** Of forward + backward: 3× the forward (backward computes ∂X/∂h and ∂W, each a product of the same size). */
    public double trainingFlops(long weights) {
        return 3 * forwardFlops(weights);
    }

    /** Of forward + backward of a built-in kind. */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }

    /** The same sizes for another cell. */
    public BenchShape withCell(String kind) {
        return new BenchShape(kind, batch, hidden, input, steps);
    }

    /**
     * A shape from the command line's {@code N32,H128,T100} (X = H unless {@code X64} is given), for {@code cell}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static BenchShape parse(String cell, String text) {
        int n = -1;
        int h = -1;
        int x = -1;
        int t = -1;
        for (String part : text.split(",")) {
            String p = part.trim().toUpperCase(java.util.Locale.ROOT);
            if (p.length() < 2 || !p.substring(1).matches("[1-9]\\d{0,6}")) {
                throw new IllegalArgumentException("shape '" + text + "': '" + part + "' is not a letter N, H, X or T and a positive "
                        + "whole number; write for example N32,H128,T100");
            }
            int v = Integer.parseInt(p.substring(1));
            switch (p.charAt(0)) {
                case 'N' -> n = v;
                case 'H' -> h = v;
                case 'X' -> x = v;
                case 'T' -> t = v;
                default -> throw new IllegalArgumentException("shape '" + text + "': unknown size '" + part + "'; use N (batch), "
                        + "H (hidden), X (input, default H), T (steps)");
            }
        }
        if (n < 0 || h < 0 || t < 0) {
            throw new IllegalArgumentException("shape '" + text + "' needs N, H and T, for example N32,H128,T100");
        }
        return new BenchShape(cell, n, h, x < 0 ? h : x, t);
    }

    /**
     * The standard CPU grid of [perf]: each built-in cell × (N, H = X, T) ∈ {(32, 128, 100), (64, 256, 50),
     * (16, 512, 25), (1, 128, 1000)}, plus DeepBench's LSTM with H 512, N 32 and 64, T 25 (N 16 is in the grid).
     */
    public static List<BenchShape> standardGrid() {
        java.util.Set<BenchShape> out = new java.util.LinkedHashSet<>();
        for (String cell : List.of("rnn", "gru", "lstm")) {
            out.addAll(grid(cell));
        }
        for (int n : new int[] {16, 32, 64}) {
            out.add(new BenchShape("lstm", n, 512, 512, 25)); // DeepBench's; N 16 is already in the grid
        }
        return new ArrayList<>(out);
    }

    /** The grid's four shapes for one cell (a plugin's kind, say). */
    public static List<BenchShape> grid(String cell) {
        List<BenchShape> out = new ArrayList<>();
        for (int[] s : new int[][] {{32, 128, 100}, {64, 256, 50}, {16, 512, 25}, {1, 128, 1000}}) {
            out.add(new BenchShape(cell, s[0], s[1], s[1], s[2]));
        }
        return out;
    }

    @Override
    public String toString() {
        return cell + " N" + batch + " H" + hidden + " X" + input + " T" + steps;
    }
}
