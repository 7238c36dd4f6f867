package org.rnnlab.experiments.sweep.work;

/** The engine {@code local}: {@code parallelism} points at once on threads of this JVM (0: one per core). */
public final class LocalEngine implements SweepEngine {
    /** Its name. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean runsHere() {
        return true;
    }

    @Override
    public PointExecutor start(org.rnnlab.experiments.sweep.plan.SweepPlan plan, Context context) {
        int p = plan.config().parallelism();
        int threads = p == 0 ? Runtime.getRuntime().availableProcessors() : p;
        return new LocalExecutor(new Worker(plan, context.registry(), context.components(), Hosts.local()), threads);
    }
}
