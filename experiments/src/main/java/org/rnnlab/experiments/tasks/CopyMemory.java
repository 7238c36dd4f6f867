package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * The copy memory problem (Hochreiter and Schmidhuber 1997; Arjovsky, Shah and Bengio 2016, §4.1): 10 symbols drawn
 * from an alphabet of 8, then T − 1 blanks, a delimiter, and 10 more blanks, T + 20 steps in all; the output must be
 * blank everywhere except the last 10 steps, which repeat the 10 symbols. Inputs one-hot over 10 categories (8 symbols,
 * blank = 8, delimiter = 9), outputs 9 classes (symbols and blank). Predicting blank until the end and then uniformly
 * scores 10·ln 8 / (T + 20) nats per step.
 */
public final class CopyMemory extends BaseTask {
    /** The task. */
    public CopyMemory() {
        super("copy", 10, 9, true);
    }

    private static final int SYMBOLS = 8;
    private static final int BLANK = 8;
    private static final int DELIMITER = 9;
    private static final int COPIED = 10;

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToManySynced();
    }

    @Override
    public int inputSteps(int length) {
        return length + 2 * COPIED;
    }

    @Override
    public double baselineLoss(int length) {
        return COPIED * Math.log(SYMBOLS) / (length + 2 * COPIED);
    }

    @Override
    public int targetSize(int length) {
        return inputSteps(length);
    }

    @Override
    public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
        if (length < 1) {
            throw new IllegalArgumentException("copy memory needs a delay >= 1, got " + length);
        }
        int steps = inputSteps(length);
        java.util.Arrays.fill(input, 0, steps * 10, 0);
        java.util.Arrays.fill(target, 0, steps, BLANK);
        for (int t = 0; t < steps; t++) {
            int symbol;
            if (t < COPIED) {
                symbol = rnd.nextInt(SYMBOLS);
                target[steps - COPIED + t] = symbol;
            } else {
                symbol = t == COPIED + length - 1 ? DELIMITER : BLANK;
            }
            input[t * 10 + symbol] = 1;
        }
    }
}
