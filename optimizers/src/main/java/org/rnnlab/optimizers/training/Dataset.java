package org.rnnlab.optimizers.training;

/** Examples that the trainer draws minibatches from, in a seeded order. */
public interface Dataset {
    /** Number of examples. */
    int size();

    /** The examples at these indices, assembled into one batch (time-major). */
    Batch batch(int[] indices);
}
