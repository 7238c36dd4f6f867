package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.rnnlab.optimizers.OptimizerFactory;
import org.rnnlab.optimizers.algorithms.Sgd;

/** Registers {@code sgd}. */
public final class SgdModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, OptimizerFactory.class).addBinding(Sgd.NAME)
                .toInstance(s -> new Sgd(Sgd.Config.from(s)));
    }
}
