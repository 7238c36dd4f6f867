package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;

/**
 * Which gradient probe: a series' cell at initialization, or trained (at its memory limit, else its last point).
 *
 * @param phase  at initialization or trained
 * @param series the series
 * @param length steps the probe unrolls
 * @param seed   seed of the probe's input and readout
 * @param trained the trained point whose checkpoint is probed (null at initialization)
 */
public record GradientProbeKey(Phase phase, Series series, int length, long seed, Point trained) implements Serializable {

    /** Validates: a trained probe names its point, of the same series; a probe at initialization names none. */
    public GradientProbeKey {
        if (phase == null || series == null || (phase == Phase.TRAINED) != (trained != null)
                || (trained != null && !trained.series().equals(series))) {
            throw new IllegalArgumentException("a trained gradient probe names a point of its series; one at initialization names none");
        }
    }

    /** When the cell is probed. */
    public enum Phase {
        /** Fresh weights. */
        INIT,
        /** Weights of a trained point. */
        TRAINED;

        /** {@code init} or {@code trained}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The key under which {@code probes.jsonl} stores it. */
    public String id() {
        return "gradients|" + phase.id() + "|" + series.key() + "|length=" + length + "|seed=" + seed
                + (trained == null ? "" : "|point=" + trained.fingerprint());
    }
}
