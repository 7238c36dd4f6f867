package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;

/** Installs every built-in optimizer, schedule and clipping module. */
public final class BuiltInTrainingModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new SgdModule());
        install(new AdamModule());
        install(new RmsPropModule());
        install(new AdagradModule());
        install(new SchedulesModule());
        install(new ClippingModule());
    }
}
