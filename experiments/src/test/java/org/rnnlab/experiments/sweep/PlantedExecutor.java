package org.rnnlab.experiments.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import org.rnnlab.experiments.sweep.plan.Point;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.store.Metrics;
import org.rnnlab.experiments.sweep.store.RunInfo;
import org.rnnlab.experiments.sweep.work.PointExecutor;
import org.rnnlab.experiments.sweep.work.Work;
import org.rnnlab.experiments.sweep.work.WorkResult;

/**
 * An engine whose points are solved exactly up to a planted threshold per series, without training: for testing what
 * the driver and the report make of known limits. Records the points it was asked to train.
 */
public final class PlantedExecutor implements PointExecutor {
    private final ToIntFunction<Series> threshold;
    private final List<Point> trained = Collections.synchronizedList(new ArrayList<>());

    /** @param threshold the longest length each series solves */
    public PlantedExecutor(ToIntFunction<Series> threshold) {
        this.threshold = threshold;
    }

    @Override
    public CompletableFuture<WorkResult> submit(Work work) {
        if (work instanceof Work.Train t) {
            trained.add(t.point());
            boolean solved = t.point().length() <= threshold.applyAsInt(t.point().series());
            Metrics m = new Metrics(solved ? "TARGET_REACHED" : "BUDGET_EXHAUSTED", solved, 10, solved ? 0.001 : 0.1, solved ? 0.001 : 0.1,
                    1.0 / 6, "mse", solved ? 0.001 : 0.1, solved ? 0.001 : 0.1, 0, 0);
            return CompletableFuture.completedFuture(new WorkResult.Trained(m, new RunInfo("planted", 0.01, "test"), "{\"evaluations\":[]}",
                    new byte[] {1, 2, 3}));
        }
        return CompletableFuture.completedFuture(new WorkResult.Probed("{\"type\":\"planted\",\"decay_per_step\":0.5}"));
    }

    /** The points trained, in the order asked. */
    public List<Point> trained() {
        return List.copyOf(trained);
    }

    @Override
    public String describe() {
        return "planted thresholds";
    }

    @Override
    public void close() {
    }
}
