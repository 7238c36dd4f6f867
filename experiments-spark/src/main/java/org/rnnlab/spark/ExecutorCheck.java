package org.rnnlab.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.rnnlab.api.BackendUnavailableException;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.work.Hosts;

/**
 * The first job: on each executor, checks that the plan's cells can run there (their backends present, in the plan's
 * precision) and that the JDK's Vector API module is loaded (without it the cpu backend falls back to EJML, whose bits
 * differ from the driver's). Returns a line per executor, or throws naming what is missing.
 */
final class ExecutorCheck implements Function<Integer, String> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SweepPlan> plan;

    ExecutorCheck(Broadcast<SweepPlan> plan) {
        this.plan = plan;
    }

    @Override
    public String call(Integer partition) {
        SweepPlan p = plan.value();
        String host = Hosts.local();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("the executor on " + host + " runs without the module jdk.incubator.vector: add "
                    + "--add-modules=jdk.incubator.vector to spark.executor.extraJavaOptions (the spark engine adds it unless that "
                    + "setting is replaced elsewhere)");
        }
        CellRegistry backends = p.backends(CellRegistry.discover());
        List<String> chosen = new ArrayList<>();
        for (Series s : p.series()) {
            CellSpec spec = s.cell().spec(p.task(s).inputSize(), s.hidden(), p.precision(), s.init().initialization(s.cell().kind()), 0);
            try {
                String b = backends.select(spec).backend();
                SweepPlan.checkBuilds(backends, spec);
                String line = s.cell().label() + "/" + p.precision().id() + " on " + b;
                if (!chosen.contains(line)) {
                    chosen.add(line);
                }
            } catch (BackendUnavailableException | IllegalArgumentException e) {
                throw new IllegalStateException("the executor on " + host + " cannot run " + s.cell().label() + " in " + p.precision().id()
                        + ": " + e.getMessage());
            }
        }
        return host + ": " + String.join(", ", chosen);
    }
}
