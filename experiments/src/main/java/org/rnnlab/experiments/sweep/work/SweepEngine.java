package org.rnnlab.experiments.sweep.work;

import java.io.IOException;
import java.io.PrintWriter;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.optimizers.TrainingComponents;

/**
 * Where a sweep's points run, chosen by name ({@code engine:} in the sweep file, {@code --engine} on the command line):
 * {@code local} is built in; others ({@code spark}) are found with {@link java.util.ServiceLoader} when their jar is on
 * the class path. Every engine runs the same {@link Worker}s on the same plan, so the rows do not depend on the engine.
 */
public interface SweepEngine {

    /** The name a sweep file uses: {@code local}, {@code spark}. */
    String name();

    /**
     * Whether the work runs in this JVM, so that the plan checks its cells' availability here; an engine that runs
     * work elsewhere checks it there when it starts.
     */
    default boolean runsHere() {
        return false;
    }

    /**
     * Starts the engine for a plan, checking that it can run the plan's work (within the plan's start timeout), before
     * the sweep writes anything.
     *
     * @throws IOException naming the cause (an unknown master, an unreachable cluster, executors without rnnlab's classes)
     */
    PointExecutor start(SweepPlan plan, Context context) throws IOException;

    /**
     * What an engine may use in this JVM.
     *
     * @param registry   the backends here
     * @param components optimizers and clipping policies by name
     * @param log        where to say what the engine does
     */
    record Context(CellRegistry registry, TrainingComponents components, PrintWriter log) {
    }
}
