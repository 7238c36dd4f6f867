package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.rnnlab.optimizers.OptimizerFactory;
import org.rnnlab.optimizers.algorithms.Adam;

/** Registers {@code adam} and {@code adamw}. */
public final class AdamModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, OptimizerFactory> m = MapBinder.newMapBinder(binder(), String.class, OptimizerFactory.class);
        m.addBinding(Adam.NAME).toInstance(s -> new Adam(Adam.Config.from(s, false)));
        m.addBinding(Adam.NAME_W).toInstance(s -> new Adam(Adam.Config.from(s, true)));
    }
}
