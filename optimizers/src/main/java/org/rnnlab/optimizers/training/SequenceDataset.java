package org.rnnlab.optimizers.training;

import org.rnnlab.api.Mask;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

/**
 * Examples stored example-major: inputs [M, T, X], targets [M, …] per sequence or [M, T, …] per step, optional
 * lengths (right padding). {@link #batch} gathers them into time-major batches [T, N, X].
 */
public final class SequenceDataset implements Dataset {
    /** Whether targets belong to whole sequences or to steps. */
    public enum Targets {
        /** target [M, O] (regression) or [M] (class indices): one per sequence. */
        PER_SEQUENCE,
        /** target [M, T, O] or [M, T]: one per step, masked by the lengths. */
        PER_STEP
    }

    private final Tensor inputs;
    private final Tensor targets;
    private final int[] lengths;
    private final Targets layout;

    /**
     * @param inputs  [M, T, X]
     * @param targets [M, …] or [M, T, …], see {@code layout}
     * @param lengths real steps per example (null: all T)
     * @param layout  per sequence or per step
     */
    public SequenceDataset(Tensor inputs, Tensor targets, int[] lengths, Targets layout) {
        if (inputs.rank() != 3) {
            throw new IllegalArgumentException("inputs must be [M, T, X], got " + java.util.Arrays.toString(inputs.shape()));
        }
        if (targets.dim(0) != inputs.dim(0)) {
            throw new IllegalArgumentException("inputs hold " + inputs.dim(0) + " examples but targets " + targets.dim(0));
        }
        if (layout == Targets.PER_STEP && (targets.rank() < 2 || targets.dim(1) != inputs.dim(1))) {
            throw new IllegalArgumentException("per-step targets must be [M, T, …] with T = " + inputs.dim(1));
        }
        if (lengths != null && lengths.length != inputs.dim(0)) {
            throw new IllegalArgumentException("lengths must have one entry per example (" + inputs.dim(0) + "), got " + lengths.length);
        }
        this.inputs = inputs;
        this.targets = targets;
        this.lengths = lengths == null ? null : lengths.clone();
        this.layout = layout;
    }

    @Override
    public int size() {
        return inputs.dim(0);
    }

    @Override
    public Batch batch(int[] idx) {
        int steps = inputs.dim(1);
        int x = inputs.dim(2);
        int n = idx.length;
        Precision p = inputs.precision();
        Tensor in = Tensor.zeros(p, steps, n, x);
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < x; j++) {
                    in.set((t * n + b) * x + j, inputs.get((idx[b] * steps + t) * x + j));
                }
            }
        }
        Mask mask = null;
        if (lengths != null) {
            int[] len = new int[n];
            for (int b = 0; b < n; b++) {
                len[b] = lengths[idx[b]];
            }
            mask = Mask.ofLengths(steps, len);
        }
        int per = targets.size() / targets.dim(0);
        Tensor tg;
        if (layout == Targets.PER_SEQUENCE) {
            int[] shape = targets.shape();
            shape[0] = n;
            tg = Tensor.zeros(targets.precision(), shape);
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < per; j++) {
                    tg.set(b * per + j, targets.get(idx[b] * per + j));
                }
            }
            return new Batch(in, tg, null, mask, null);
        }
        int o = per / steps;
        int[] shape = targets.shape();
        shape[0] = steps;
        shape[1] = n;
        tg = Tensor.zeros(targets.precision(), shape);
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < o; j++) {
                    tg.set((t * n + b) * o + j, targets.get((idx[b] * steps + t) * o + j));
                }
            }
        }
        return new Batch(in, tg, null, mask, mask);
    }
}
