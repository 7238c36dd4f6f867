package org.rnnlab.experiments.tasks;

import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.MeanSquaredError;
import org.rnnlab.api.layers.SoftmaxCrossEntropy;

/**
 * What every task has in common: a name, input and output sizes, and whether it classifies (softmax cross-entropy over
 * class indices) or regresses (MSE). By default the input has T steps and the target one value set per sequence.
 */
abstract class BaseTask implements SyntheticTask {
    private final String name;
    private final int inputSize;
    private final int outputSize;
    private final boolean classification;

    BaseTask(String name, int inputSize, int outputSize, boolean classification) {
        this.name = name;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.classification = classification;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int inputSize() {
        return inputSize;
    }

    @Override
    public final int outputSize() {
        return outputSize;
    }

    @Override
    public final boolean classification() {
        return classification;
    }

    @Override
    public final Loss loss() {
        return classification ? new SoftmaxCrossEntropy() : new MeanSquaredError();
    }

    @Override
    public int inputSteps(int length) {
        return length;
    }

    @Override
    public int targetSize(int length) {
        return classification ? 1 : outputSize;
    }
}
