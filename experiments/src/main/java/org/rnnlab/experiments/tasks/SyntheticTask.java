package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.seq.SequenceMode;

/**
 * A seeded synthetic sequence task: examples are generated from a random stream, so a task has unlimited data and
 * the same seed gives the same examples (train, validation and test splits are streams of their own seeds). The model
 * reads {@link #inputSize()} features per step.
 */
public interface SyntheticTask extends Task {
    /** Whether the targets are class indices (accuracy is then reported, else mean squared error). */
    boolean classification();

    /** Steps of the input sequence for a task length (the lag) T: T for most tasks, T + 20 for copy memory. */
    int inputSteps(int length);

    @Override
    default Metric metric() {
        return classification() ? Metric.ACCURACY : Metric.MSE;
    }

    @Override
    default Splits splits(int length, DataRequest r) {
        checkLength(length);
        return new Splits(new GeneratedDataset(this, length, r.trainExamples(), r.seed(), r.precision()),
                new GeneratedDataset(this, length, r.validationExamples(), r.seed() + 7, r.precision()),
                new GeneratedDataset(this, length, r.validationExamples(), r.seed() + 13, r.precision()));
    }

    /**
     * One example of length T.
     *
     * @param input  [inputSteps, inputSize] to fill (Modified)
     * @param target per the mode: [outputSize] or [] for classes (per sequence), [steps, outputSize] or [steps] per step
     *               (Modified)
     */
    void example(int length, SplittableRandom rnd, double[] input, double[] target);

    /** Values of the target per example. */
    int targetSize(int length);
}
