package org.rnnlab.experiments.tasks;

import org.rnnlab.api.Precision;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.optimizers.training.Dataset;

/**
 * What a sweep trains on: the data of three splits at a length (the lag of a synthetic task, the steps of a sequential
 * image, the BPTT window of a text, the window of a series), the sequence mode, the loss, the metric reported and the
 * baseline that "solved" is measured against. Tasks are found by name through {@link TaskRegistry} (ServiceLoader),
 * so a user's own task lives in their jar ({@link org.rnnlab.experiments.tasks.spi.TaskProvider}).
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

    /** What is reported on the validation and test splits. */
    Metric metric();

    /** The loss of the best input-independent prediction at length T (the bar a model must get under). */
    double baselineLoss(int length);

    /**
     * Refuses a length the task cannot make, saying which it can (a sweep checks every rung before anything runs).
     *
     * @throws IllegalArgumentException naming the length and the allowed ones
     */
    default void checkLength(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1, got " + length);
        }
    }

    /**
     * A digest of the data the task read from files ({@link org.rnnlab.experiments.data.DataDigest}), empty for generated
     * data. It is part of every point's fingerprint: results of a changed file are never reused as results of the old one,
     * and an executor that reads different data than the driver refuses to run.
     */
    default String dataDigest() {
        return "";
    }

    /** The three splits at a length; the data stream from their source (a file is read once, generated data on demand). */
    Splits splits(int length, DataRequest request);

    /** Reference values of the metric on the test split, by name (a forecast's persistence, say), reported beside the model's. */
    default java.util.Map<String, Double> references(Splits splits) {
        return java.util.Map.of();
    }

    /**
     * A stretch of the trained model's predictions on the test split for the report's chart ({@code [0]} the truth,
     * {@code [1]} the prediction), or null when the task has nothing to draw.
     */
    default double[][] sample(SequenceModel model, Splits splits) {
        return null;
    }

    /** The metric of a trained model on a split. */
    default double evaluate(SequenceModel model, Dataset data, int batchSize) {
        return Evaluation.of(metric(), this, model, data, batchSize);
    }

    /**
     * What a point asks of a task's data.
     *
     * @param seed               seed of the examples and of any sampling
     * @param precision          of the tensors
     * @param trainExamples      examples the training budget can use (a file-backed task takes at most what it has)
     * @param validationExamples examples to validate on
     */
    record DataRequest(long seed, Precision precision, int trainExamples, int validationExamples) {
    }

    /**
     * The splits.
     *
     * @param train      to train on
     * @param validation to stop and to judge "solved" on
     * @param test       held out to the end, reported once (never used to choose anything)
     */
    record Splits(Dataset train, Dataset validation, Dataset test) {
    }
}
