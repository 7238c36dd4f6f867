package org.rnnlab.experiments.tasks.spi;

import java.util.Set;
import org.rnnlab.experiments.tasks.Task;
import org.rnnlab.optimizers.Settings;

/**
 * Offers tasks by name, found with {@link java.util.ServiceLoader}: the built-in ones and a user's own, from their jar.
 * {@link #create} reads the task's settings through {@link Settings}' typed getters and calls {@link Settings#finish()},
 * so that a misspelled setting fails when the sweep loads, naming the known ones.
 */
public interface TaskProvider {
    /** The names this provider offers. */
    Set<String> names();

    /**
     * Builds a task from its settings.
     *
     * @throws IllegalArgumentException naming the setting that is wrong and what is allowed (a missing data folder too)
     */
    Task create(String name, Settings settings);
}
