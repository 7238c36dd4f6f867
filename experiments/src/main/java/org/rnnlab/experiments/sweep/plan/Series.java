package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;
import org.rnnlab.experiments.sweep.Component;

/**
 * One series of a sweep: everything but the length. It climbs the ladder of lengths until one is not solved.
 *
 * @param task      the task's registered name (resolved by the plan)
 * @param cell      cell kind and direction
 * @param hidden    H
 * @param optimizer optimizer and settings (checked by its factory when the plan was resolved)
 * @param clipping  clipping policy and settings (checked likewise)
 * @param init      initialization
 * @param seed      seed of weights, data and order
 */
public record Series(String task, CellChoice cell, int hidden, Component optimizer, Component clipping, InitScheme init, long seed)
        implements Serializable {

    /** Validates. */
    public Series {
        if (task == null || cell == null || optimizer == null || clipping == null || init == null) {
            throw new IllegalArgumentException("a series needs a task, cell, optimizer, clipping and initialization");
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
        }
    }

    /** The same series with another cell (to find the tanh RNN's series of the same settings). */
    public Series withCell(CellChoice other) {
        return new Series(task, other, hidden, optimizer, clipping, init, seed);
    }

    /**
     * A readable, stable key: {@code task=adding|cell=lstm|hidden=32|optimizer=adam(lr=0.01)|clipping=…|init=pytorch|seed=1}.
     * Written into {@code results.csv}; the row's fingerprint, not this text, decides what a row is.
     */
    public String key() {
        return "task=" + task + "|cell=" + cell.label() + "|hidden=" + hidden + "|optimizer=" + optimizer.label() + "|clipping="
                + clipping.label() + "|init=" + init.id() + "|seed=" + seed;
    }

    /** Optimizer, clipping, initialization and seed, for a table. */
    public String settingsLabel() {
        return optimizer.label() + ", " + clipping.label() + ", " + init.id() + ", seed " + seed;
    }
}
