package org.rnnlab.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.work.Hosts;
import org.rnnlab.experiments.sweep.work.Worker;
import org.rnnlab.optimizers.TrainingComponents;

/** One {@link Worker} per plan in each executor JVM, made on first use from that JVM's own backends. */
final class ExecutorWorkers {
    private static final Map<SweepPlan, Worker> WORKERS = new ConcurrentHashMap<>();

    private ExecutorWorkers() {
    }

    static Worker of(SweepPlan plan) {
        return WORKERS.computeIfAbsent(plan, p -> new Worker(p, CellRegistry.discover(), TrainingComponents.discover(), Hosts.local()));
    }
}
