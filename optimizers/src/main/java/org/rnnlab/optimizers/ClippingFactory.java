package org.rnnlab.optimizers;

/** Builds a clipping policy from its settings; registered by name in a Guice {@code MapBinder<String, ClippingFactory>}. */
public interface ClippingFactory {
    /**
     * @param settings   the policy's settings
     * @param components to build nested policies by name (for chains)
     */
    ClippingPolicy create(Settings settings, TrainingComponents components);
}
