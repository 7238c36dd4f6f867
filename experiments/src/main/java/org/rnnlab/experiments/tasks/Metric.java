package org.rnnlab.experiments.tasks;

/** What a task reports about a trained model, and which way is better. */
public enum Metric {
    /** Top-1 accuracy of classification (per sequence or per scored step); higher is better. */
    ACCURACY("accuracy", true),
    /** Mean squared error of regression; lower is better. */
    MSE("mse", false),
    /** Bits per character of a language model: the cross-entropy in base 2; lower is better. */
    BITS_PER_CHARACTER("bits_per_char", false),
    /** Root mean squared error over the standard deviation of the targets; lower is better (1: predicting the mean). */
    NRMSE("nrmse", false);

    private final String id;
    private final boolean higherIsBetter;

    Metric(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    /** Its name in files: {@code accuracy}, {@code bits_per_char}. */
    public String id() {
        return id;
    }

    /** Whether a higher value is better. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
