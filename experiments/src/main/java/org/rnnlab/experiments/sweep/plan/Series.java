package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;
import org.rnnlab.experiments.sweep.Component;

/**
 * One series of a sweep: everything but the length. It climbs the ladder of lengths until one is not solved.
 *
 * @param task      the task: its registered name and settings (resolved by the plan)
 * @param cell      cell kind and direction
 * @param hidden    H
 * @param optimizer optimizer and settings (checked by its factory when the plan was resolved)
 * @param clipping  clipping policy and settings (checked likewise)
 * @param schedule  learning-rate schedule and settings (checked likewise)
 * @param init      initialization
 * @param steps     the training budget: optimizer steps per point at most
 * @param seed      seed of weights, data and order
 */
public record Series(Component task, CellChoice cell, int hidden, Component optimizer, Component clipping, Component schedule,
                     InitScheme init, int steps, long seed) implements Serializable {

    /** Validates. */
    public Series {
        if (task == null || cell == null || optimizer == null || clipping == null || schedule == null || init == null) {
            throw new IllegalArgumentException("a series needs a task, cell, optimizer, clipping, schedule and initialization");
        }
        if (hidden < 1 || steps < 1) {
            throw new IllegalArgumentException("hidden and steps must be >= 1, got " + hidden + " and " + steps);
        }
    }

    /** The same series with another cell (to find the tanh RNN's series of the same settings). */
    public Series withCell(CellChoice other) {
        return new Series(task, other, hidden, optimizer, clipping, schedule, init, steps, seed);
    }

    /** Everything but the seed: the setting whose seeds are aggregated. */
    public Configuration configuration() {
        return new Configuration(task, cell, hidden, optimizer, clipping, schedule, init, steps);
    }

    /**
     * A readable, stable key: {@code task=adding|cell=lstm|hidden=32|optimizer=adam(lr=0.01)|…|steps=2000|seed=1}.
     * Written into {@code results.csv}; the row's fingerprint, not this text, decides what a row is.
     */
    public String key() {
        return configuration().key() + "|seed=" + seed;
    }

    /** Optimizer, clipping, schedule, initialization, budget and seed, for a table. */
    public String settingsLabel() {
        return configuration().settingsLabel() + ", " + steps + " steps, seed " + seed;
    }

    /**
     * A series without its seed: what a researcher compares.
     *
     * @param task      task
     * @param cell      cell
     * @param hidden    H
     * @param optimizer optimizer
     * @param clipping  clipping policy
     * @param schedule  learning-rate schedule
     * @param init      initialization
     * @param steps     budget
     */
    public record Configuration(Component task, CellChoice cell, int hidden, Component optimizer, Component clipping, Component schedule,
                                InitScheme init, int steps) implements Serializable {
        /** {@code task=adding|cell=lstm|…|steps=2000}. */
        public String key() {
            return "task=" + task.label() + "|cell=" + cell.label() + "|hidden=" + hidden + "|optimizer=" + optimizer.label() + "|clipping="
                    + clipping.label() + "|schedule=" + schedule.label() + "|init=" + init.id() + "|steps=" + steps;
        }

        /** The settings a tuner varies: optimizer, clipping, schedule, initialization. */
        public String settingsLabel() {
            return optimizer.label() + ", " + clipping.label() + (schedule.settings().isEmpty() && schedule.name().equals("constant") ? ""
                    : ", " + schedule.label()) + ", " + init.id();
        }

        /** The comparison group: task, cell, H and budget (the settings tuned within it). */
        public Group group() {
            return new Group(task, cell, hidden, steps);
        }
    }

    /**
     * Where a cell is compared at its best setting: task, cell, H, budget.
     *
     * @param task   task
     * @param cell   cell
     * @param hidden H
     * @param steps  budget
     */
    public record Group(Component task, CellChoice cell, int hidden, int steps) implements Serializable {
    }
}
