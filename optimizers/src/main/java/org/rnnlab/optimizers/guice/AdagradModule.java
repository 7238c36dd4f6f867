package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.rnnlab.optimizers.OptimizerFactory;
import org.rnnlab.optimizers.algorithms.Adagrad;

/** Registers {@code adagrad}. */
public final class AdagradModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, OptimizerFactory.class).addBinding(Adagrad.NAME)
                .toInstance(s -> new Adagrad(Adagrad.Config.from(s)));
    }
}
