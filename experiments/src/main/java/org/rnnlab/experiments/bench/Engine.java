package org.rnnlab.experiments.bench;

/**
 * Something that runs a cell's forward and backward on a shape: an rnnlab backend or a peer library. Implementations
 * allocate inputs, weights and upstream gradients once in {@link #prepare}.
 */
public interface Engine {
    /** A short name for tables, e.g. {@code rnnlab-cpu}, {@code pytorch}. */
    String name();

    /** Whether this engine can run here, and if not why (never throws). */
    String unavailableReason();

    /** Builds everything a shape needs, float32. */
    Prepared prepare(BenchShape shape);

    /** A prepared shape. */
    interface Prepared extends AutoCloseable {
        /** One forward pass; returns a value that depends on the output (for the blackhole). */
        double forward();

        /** One forward and backward pass; returns a value that depends on the gradients. */
        double forwardBackward();

        @Override
        void close();
    }
}
