package org.rnnlab.experiments.sweep.work;

import java.io.Serializable;
import org.rnnlab.experiments.sweep.store.Metrics;
import org.rnnlab.experiments.sweep.store.RunInfo;

/** What a piece of work gave back; serialisable, so that it can come back from another machine. */
public sealed interface WorkResult extends Serializable permits WorkResult.Trained, WorkResult.Probed, WorkResult.Failed {

    /**
     * A trained point.
     *
     * @param metrics    what training measured
     * @param run        backend, wall time, host
     * @param telemetry  JSON object: per-step loss, learning rate, norms, evaluations
     * @param checkpoint the trained parameters as safetensors bytes
     */
    record Trained(Metrics metrics, RunInfo run, String telemetry, byte[] checkpoint) implements WorkResult {
    }

    /**
     * A probe's measurements.
     *
     * @param json JSON object
     */
    record Probed(String json) implements WorkResult {
    }

    /**
     * Work that failed.
     *
     * @param error what went wrong (the exception's type and message)
     */
    record Failed(String error) implements WorkResult {
    }
}
