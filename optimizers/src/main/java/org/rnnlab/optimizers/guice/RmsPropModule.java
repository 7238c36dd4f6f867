package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.rnnlab.optimizers.OptimizerFactory;
import org.rnnlab.optimizers.algorithms.RmsProp;

/** Registers {@code rmsprop}. */
public final class RmsPropModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, OptimizerFactory.class).addBinding(RmsProp.NAME)
                .toInstance(s -> new RmsProp(RmsProp.Config.from(s)));
    }
}
