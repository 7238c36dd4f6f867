package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * One-to-many: from one input (a frequency f ~ U[0.5, 2] and a phase φ ~ U[0, 2π)) generate y_t = sin(f·t/2 + φ)
 * for T steps. The network reads the input at every step (REPEAT_INPUT). Predicting 0 scores E[sin²] = 1/2.
 */
public final class PatternGeneration extends BaseTask {
    /** The task. */
    public PatternGeneration() {
        super("pattern", 3, 1, false);
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.OneToMany(length, SequenceMode.Feed.REPEAT_INPUT);
    }

    @Override
    public int inputSteps(int length) {
        return 1;
    }

    @Override
    public double baselineLoss(int length) {
        return 0.5;
    }

    @Override
    public int targetSize(int length) {
        return length;
    }

    @Override
    public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
        double f = 0.5 + 1.5 * rnd.nextDouble();
        double phase = 2 * Math.PI * rnd.nextDouble();
        input[0] = f - 1.25;
        input[1] = Math.sin(phase);
        input[2] = Math.cos(phase);
        for (int t = 0; t < length; t++) {
            target[t] = Math.sin(f * t / 2 + phase);
        }
    }
}
