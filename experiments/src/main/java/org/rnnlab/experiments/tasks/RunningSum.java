package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * Many-to-many synced: at every step output the running mean of the inputs so far, x ~ U(−1, 1). Predicting 0 scores
 * the mean of 1/(3(t+1)) over the steps.
 */
public final class RunningSum extends BaseTask {
    /** The task. */
    public RunningSum() {
        super("running_mean", 1, 1, false);
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToManySynced();
    }

    @Override
    public double baselineLoss(int length) {
        double s = 0;
        for (int t = 0; t < length; t++) {
            s += 1.0 / (3 * (t + 1));
        }
        return s / length;
    }

    @Override
    public int targetSize(int length) {
        return length;
    }

    @Override
    public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
        double sum = 0;
        for (int t = 0; t < length; t++) {
            input[t] = 2 * rnd.nextDouble() - 1;
            sum += input[t];
            target[t] = sum / (t + 1);
        }
    }
}
