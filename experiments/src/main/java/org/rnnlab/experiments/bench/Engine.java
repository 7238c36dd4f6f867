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

    /** Why this engine cannot run a shape's cell (null when it can); never throws. */
    String cannotRun(BenchShape shape);

    /** Builds everything a shape needs, in float32 where the engine offers it, else float64. */
    Prepared prepare(BenchShape shape);

    /** A prepared shape. */
    interface Prepared extends AutoCloseable {
        /** The precision it runs in. */
        org.rnnlab.api.Precision precision();

        /** Values of the input and recurrent weight matrices, for the FLOP count (G·H·(X + H) for a built-in kind). */
        long weights();

        /** One forward pass; returns a value that depends on the output (for the blackhole). */
        double forward();

        /** One forward and backward pass; returns a value that depends on the gradients. */
        double forwardBackward();

        @Override
        void close();
    }
}
