package org.rnnlab.experiments.sweep.store;

import org.rnnlab.experiments.sweep.plan.Point;

/**
 * A finished point: the typed point of the plan, what training measured, and where it ran.
 *
 * @param point   the point
 * @param metrics what training measured
 * @param run     backend, wall time, host
 */
public record PointResult(Point point, Metrics metrics, RunInfo run) {

    /** Whether the point was solved. */
    public boolean solved() {
        return metrics.solved();
    }

    /** T. */
    public int length() {
        return point.length();
    }
}
