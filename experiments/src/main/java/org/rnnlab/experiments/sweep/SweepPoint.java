package org.rnnlab.experiments.sweep;

/**
 * One training run of a sweep: a series (everything but the length) at one length.
 *
 * @param task     task name
 * @param cell     cell kind, {@code bi-} prefixed for bidirectional
 * @param hidden   H
 * @param optimizer optimizer and settings
 * @param clipping clipping policy and settings
 * @param init     initialization name
 * @param seed     seed of weights, data and order
 * @param length   the task length (lag) T
 */
public record SweepPoint(String task, String cell, int hidden, Component optimizer, Component clipping, String init, long seed, int length) {

    /** The key of the series this point belongs to (everything but the length). */
    public String series() {
        return "task=" + task + "|cell=" + cell + "|hidden=" + hidden + "|optimizer=" + optimizer.label() + "|clipping=" + clipping.label()
                + "|init=" + init + "|seed=" + seed;
    }

    /** A stable identifier: the series key and the length. Finished points are found by it on resume. */
    public String id() {
        return series() + "|T=" + length;
    }
}
