package org.rnnlab.api;

import java.util.Arrays;

/**
 * Which steps of a batch of sequences are real: a boolean per (t, n), [T, N] row-major. A cell skips a masked
 * step: its state passes through unchanged, its output is 0, and it adds nothing to any gradient. So a padded
 * sequence gives exactly what the unpadded one gives, and the final state is the state after the last real
 * step (PyTorch's packed-sequence {@code h_n}). Masks need not be right-padded: any step may be a hole.
 */
public final class Mask {
    private final int steps;
    private final int batch;
    private final boolean[] valid;

    private Mask(int steps, int batch, boolean[] valid) {
        this.steps = steps;
        this.batch = batch;
        this.valid = valid;
    }

    /**
     * A right-padded mask: sequence n has {@code lengths[n]} real steps, then padding.
     *
     * @throws IllegalArgumentException for a length outside [0, steps]
     */
    public static Mask ofLengths(int steps, int... lengths) {
        if (steps < 1 || lengths.length < 1) {
            throw new IllegalArgumentException("a mask needs steps >= 1 and at least one sequence, got steps " + steps
                    + " and " + lengths.length + " lengths");
        }
        boolean[] v = new boolean[steps * lengths.length];
        for (int n = 0; n < lengths.length; n++) {
            if (lengths[n] < 0 || lengths[n] > steps) {
                throw new IllegalArgumentException("length of sequence " + n + " is " + lengths[n] + "; lengths must be in [0, "
                        + steps + "] (the padded length)");
            }
            for (int t = 0; t < lengths[n]; t++) {
                v[t * lengths.length + n] = true;
            }
        }
        return new Mask(steps, lengths.length, v);
    }

    /** A mask from {@code valid[t][n]}; copies the array. */
    public static Mask of(boolean[][] valid) {
        if (valid.length < 1 || valid[0].length < 1) {
            throw new IllegalArgumentException("a mask needs at least one step and one sequence");
        }
        int n = valid[0].length;
        boolean[] v = new boolean[valid.length * n];
        for (int t = 0; t < valid.length; t++) {
            if (valid[t].length != n) {
                throw new IllegalArgumentException("mask row " + t + " has " + valid[t].length + " entries; row 0 has " + n);
            }
            System.arraycopy(valid[t], 0, v, t * n, n);
        }
        return new Mask(valid.length, n, v);
    }

    /** T. */
    public int steps() {
        return steps;
    }

    /** N. */
    public int batch() {
        return batch;
    }

    /** Whether step t of sequence n is real. */
    public boolean valid(int t, int n) {
        return valid[t * batch + n];
    }

    /** Whether every step is real (a mask that changes nothing). */
    public boolean allValid() {
        for (boolean b : valid) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /** Number of real (t, n) entries. */
    public int validCount() {
        int c = 0;
        for (boolean b : valid) {
            c += b ? 1 : 0;
        }
        return c;
    }

    /** The last real step of sequence n, or −1 when it has none. */
    public int lastValidStep(int n) {
        for (int t = steps - 1; t >= 0; t--) {
            if (valid(t, n)) {
                return t;
            }
        }
        return -1;
    }

    /** The mask with time reversed (for the backward direction of a bidirectional layer). */
    public Mask reversed() {
        boolean[] v = new boolean[valid.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(valid, t * batch, v, (steps - 1 - t) * batch, batch);
        }
        return new Mask(steps, batch, v);
    }

    /** Steps [from, to). */
    public Mask slice(int from, int to) {
        if (from < 0 || to > steps || from >= to) {
            throw new IllegalArgumentException("cannot slice steps [" + from + ", " + to + ") of a " + steps + "-step mask");
        }
        return new Mask(to - from, batch, Arrays.copyOfRange(valid, from * batch, to * batch));
    }

    /** Checks that this mask fits a [T, N, …] tensor. */
    public void checkFits(String what, int t, int n) {
        if (t != steps || n != batch) {
            throw new IllegalArgumentException("mask is [" + steps + ", " + batch + "] but " + what + " has " + t + " steps and batch "
                    + n + "; build the mask with one entry per step and sequence");
        }
    }
}
