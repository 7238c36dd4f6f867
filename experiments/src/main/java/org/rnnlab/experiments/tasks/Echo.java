package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * Many-to-many unsynced: echo the input x_t ~ U(−1, 1) after a delay d = T (the task length is the delay), over
 * sequences of 10 steps: output t is read T steps after input t. Predicting 0 scores 1/3.
 */
public final class Echo extends BaseTask {
    /** The task. */
    public Echo() {
        super("echo", 1, 1, false);
    }

    private static final int STEPS = 10;

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToManyUnsynced(length);
    }

    @Override
    public int inputSteps(int length) {
        return STEPS;
    }

    @Override
    public double baselineLoss(int length) {
        return 1.0 / 3.0;
    }

    @Override
    public int targetSize(int length) {
        return STEPS;
    }

    @Override
    public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
        for (int t = 0; t < STEPS; t++) {
            input[t] = 2 * rnd.nextDouble() - 1;
            target[t] = input[t];
        }
    }
}
