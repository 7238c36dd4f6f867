package org.rnnlab.experiments.sweep.work;

import java.util.concurrent.CompletableFuture;

/**
 * Runs a sweep's work somewhere: the local engine on threads of this JVM, the Spark engine on executors. Submitting
 * never blocks; the future completes with the result (a point's own failure is a {@link WorkResult.Failed}, not an
 * exceptional completion, which means the engine itself broke).
 */
public interface PointExecutor extends AutoCloseable {

    /** Queues the work. */
    CompletableFuture<WorkResult> submit(Work work);

    /** Where work runs, for the log: {@code local: 2 points at once}. */
    String describe();

    /** Stops running work and releases the engine. */
    @Override
    void close();
}
