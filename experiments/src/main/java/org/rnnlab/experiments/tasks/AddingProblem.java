package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * The adding problem (Hochreiter and Schmidhuber 1997), in the variant of Arjovsky, Shah and Bengio 2016
 * ("Unitary Evolution Recurrent Neural Networks", §4.2): each step carries a value U[0, 1] and a marker; exactly one
 * marker is set in the first half of the sequence and one in the second; the target is the sum of the two marked
 * values. Predicting the mean, 1, scores MSE Var(U + U) = 1/6.
 */
public final class AddingProblem extends BaseTask {
    /** The task. */
    public AddingProblem() {
        super("adding", 2, 1, false);
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToOne();
    }

    @Override
    public void checkLength(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("the adding problem needs length >= 2 (a marker in each half), got " + length);
        }
    }

    @Override
    public double baselineLoss(int length) {
        return 1.0 / 6.0;
    }

    @Override
    public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
        if (length < 2) {
            throw new IllegalArgumentException("the adding problem needs length >= 2, got " + length);
        }
        int half = length / 2;
        int a = rnd.nextInt(half);
        int b = half + rnd.nextInt(length - half);
        for (int t = 0; t < length; t++) {
            input[2 * t] = rnd.nextDouble();
            input[2 * t + 1] = t == a || t == b ? 1 : 0;
        }
        target[0] = input[2 * a] + input[2 * b];
    }
}
