package org.rnnlab.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.work.Work;
import org.rnnlab.experiments.sweep.work.WorkResult;

/** The task of every job: runs one piece of work with the executor's {@link org.rnnlab.experiments.sweep.work.Worker}. */
final class RunWork implements Function<Work, WorkResult> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SweepPlan> plan;

    RunWork(Broadcast<SweepPlan> plan) {
        this.plan = plan;
    }

    @Override
    public WorkResult call(Work work) {
        return ExecutorWorkers.of(plan.value()).run(work);
    }
}
