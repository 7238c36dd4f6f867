package org.rnnlab.optimizers;

import com.google.inject.Guice;
import com.google.inject.Module;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.rnnlab.optimizers.guice.BuiltInTrainingModule;

/**
 * Optimizers, schedules and clipping policies by name: the registry that configuration files use. Built from Guice
 * map binders, so the built-in modules and every {@link TrainingPlugin} contribute entries the same way. An unknown
 * name fails with the list of known names.
 */
public final class TrainingComponents {
    private final Map<String, OptimizerFactory> optimizers;
    private final Map<String, ScheduleFactory> schedules;
    private final Map<String, ClippingFactory> clippings;

    /** For Guice: the three map binders' maps. */
    @Inject
    public TrainingComponents(Map<String, OptimizerFactory> optimizers, Map<String, ScheduleFactory> schedules,
                              Map<String, ClippingFactory> clippings) {
        this.optimizers = Map.copyOf(optimizers);
        this.schedules = Map.copyOf(schedules);
        this.clippings = Map.copyOf(clippings);
    }

    /** The built-ins plus every {@link TrainingPlugin} on the class path. */
    public static TrainingComponents discover() {
        List<Module> modules = new ArrayList<>();
        modules.add(new BuiltInTrainingModule());
        ServiceLoader.load(TrainingPlugin.class).forEach(modules::add);
        return Guice.createInjector(modules).getInstance(TrainingComponents.class);
    }

    /** The built-ins plus the given modules (for tests and embedding). */
    public static TrainingComponents with(Module... extra) {
        List<Module> modules = new ArrayList<>(List.of(extra));
        modules.add(0, new BuiltInTrainingModule());
        return Guice.createInjector(modules).getInstance(TrainingComponents.class);
    }

    /** Builds the optimizer {@code name} from its settings (PyTorch argument names). */
    public Optimizer optimizer(String name, Map<String, ?> settings) {
        String key = normalise(name);
        return lookup("optimizer", key, optimizers).create(new Settings("optimizer '" + key + "'", settings));
    }

    /** Builds the schedule {@code name} from its settings. */
    public LearningRateSchedule schedule(String name, Map<String, ?> settings) {
        String key = normalise(name);
        return lookup("schedule", key, schedules).create(new Settings("schedule '" + key + "'", settings), this);
    }

    /** Builds the clipping policy {@code name} from its settings. */
    public ClippingPolicy clipping(String name, Map<String, ?> settings) {
        String key = normalise(name);
        return lookup("clipping policy", key, clippings).create(new Settings("clipping '" + key + "'", settings), this);
    }

    /** Registered optimizer names, sorted. */
    public Set<String> optimizerNames() {
        return new TreeSet<>(optimizers.keySet());
    }

    /** Registered schedule names, sorted. */
    public Set<String> scheduleNames() {
        return new TreeSet<>(schedules.keySet());
    }

    /** Registered clipping policy names, sorted. */
    public Set<String> clippingNames() {
        return new TreeSet<>(clippings.keySet());
    }

    private static String normalise(String name) {
        return name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static <F> F lookup(String what, String name, Map<String, F> registry) {
        F f = registry.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: " + String.join(", ", new TreeSet<>(registry.keySet())));
        }
        return f;
    }
}
