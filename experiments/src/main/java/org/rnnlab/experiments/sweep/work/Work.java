package org.rnnlab.experiments.sweep.work;

import java.io.Serializable;
import org.rnnlab.experiments.sweep.plan.GradientProbeKey;
import org.rnnlab.experiments.sweep.plan.MemoryProbeKey;
import org.rnnlab.experiments.sweep.plan.Point;

/** One piece of a sweep's work, self-contained: it runs wherever the plan is known. */
public sealed interface Work extends Serializable permits Work.Train, Work.Gradients, Work.Memory {

    /** A short description for logs and failures. */
    String describe();

    /**
     * Train a point.
     *
     * @param point the point
     */
    record Train(Point point) implements Work {
        @Override
        public String describe() {
            return point.id();
        }
    }

    /**
     * Probe a series' cell: fresh, or with a trained point's parameters.
     *
     * @param key        which probe
     * @param checkpoint the trained point's safetensors bytes (empty at initialization)
     */
    record Gradients(GradientProbeKey key, byte[] checkpoint) implements Work {
        @Override
        public String describe() {
            return key.id();
        }
    }

    /**
     * Measure activation memory of a cell shape.
     *
     * @param key which probe
     */
    record Memory(MemoryProbeKey key) implements Work {
        @Override
        public String describe() {
            return key.id();
        }
    }
}
