package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.seq.SequenceMode;

/**
 * A seeded synthetic sequence task: examples are generated from a random stream, so a task has unlimited data and
 * the same seed gives the same examples. The model reads {@link #inputSize()} features per step.
 */
public interface Task {
    /** The registered name, e.g. {@code adding}. */
    String name();

    /** How the model maps inputs to outputs for this task. */
    SequenceMode mode(int length);

    /** Features per input step. */
    int inputSize();

    /** Outputs per prediction (classes for classification tasks). */
    int outputSize();

    /** The loss to train with. */
    Loss loss();

    /** Whether the targets are class indices (accuracy is then reported). */
    boolean classification();

    /** Steps of the input sequence for a task length (the lag) T: T for most tasks, T + 20 for copy memory. */
    int inputSteps(int length);

    /** The loss of the best input-independent prediction at length T (the bar a model must get under). */
    double baselineLoss(int length);

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
