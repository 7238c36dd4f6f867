package org.rnnlab.optimizers;

import com.google.inject.Module;

/**
 * A Guice module that adds optimizers, schedules or clipping policies, found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/org.rnnlab.optimizers.TrainingPlugin}. Inside {@code configure()},
 * add entries to the map binders, e.g.
 * {@code MapBinder.newMapBinder(binder(), String.class, OptimizerFactory.class).addBinding("lion").toInstance(...)}.
 * A name already taken by a built-in or another plugin is an error at start-up (Guice rejects duplicate keys).
 */
public interface TrainingPlugin extends Module {
}
