package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * The temporal order problem (Hochreiter and Schmidhuber 1997, task 6a; as used by Pascanu, Mikolov and Bengio 2013):
 * a sequence of distractor symbols {a, b, c, d} holds two relevant symbols, each X or Y, one at a random step in
 * [10%, 20%] of the length and one in [50%, 60%]; the class is the ordered pair (XX, XY, YX, YY). One-hot inputs of 6
 * symbols; 4 classes, chance 25% (cross-entropy ln 4).
 */
public final class TemporalOrder extends BaseTask {
    /** The task. */
    public TemporalOrder() {
        super("temporal_order", 6, 4, true);
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToOne();
    }

    @Override
    public double baselineLoss(int length) {
        return Math.log(4);
    }

    @Override
    public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
        if (length < 10) {
            throw new IllegalArgumentException("the temporal order problem needs length >= 10, got " + length);
        }
        java.util.Arrays.fill(input, 0, length * 6, 0);
        for (int t = 0; t < length; t++) {
            input[t * 6 + rnd.nextInt(4)] = 1;
        }
        int p1 = (int) (0.1 * length) + rnd.nextInt(Math.max(1, (int) (0.1 * length)));
        int p2 = (int) (0.5 * length) + rnd.nextInt(Math.max(1, (int) (0.1 * length)));
        int s1 = rnd.nextInt(2);
        int s2 = rnd.nextInt(2);
        for (int[] ps : new int[][] {{p1, s1}, {p2, s2}}) {
            java.util.Arrays.fill(input, ps[0] * 6, ps[0] * 6 + 6, 0);
            input[ps[0] * 6 + 4 + ps[1]] = 1;
        }
        target[0] = 2 * s1 + s2;
    }
}
