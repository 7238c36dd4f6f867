package org.rnnlab.experiments.tasks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.rnnlab.experiments.tasks.spi.TaskProvider;
import org.rnnlab.optimizers.Settings;

/**
 * The tasks on the class path, by name: every {@link TaskProvider} found with {@link ServiceLoader}. A task is built
 * once per name and settings in a JVM (tasks hold their data, read once).
 */
public final class TaskRegistry {
    private static final Map<String, Task> BUILT = new ConcurrentHashMap<>();

    private final List<TaskProvider> providers;

    private TaskRegistry(List<TaskProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Every provider on the class path; one that cannot be loaded is skipped. */
    public static TaskRegistry discover() {
        List<TaskProvider> found = new ArrayList<>();
        Iterator<TaskProvider> it = ServiceLoader.load(TaskProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // a broken task jar must not hide the others; its names are then unknown
            }
        }
        return new TaskRegistry(found);
    }

    /** Every task name offered, sorted. */
    public TreeSet<String> names() {
        TreeSet<String> out = new TreeSet<>();
        providers.forEach(p -> out.addAll(p.names()));
        return out;
    }

    /**
     * The task of this name built from its settings (once per JVM for the same name and settings).
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or bad settings
     */
    public Task create(String name, Map<String, ?> settings) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (TaskProvider p : providers) {
            if (p.names().contains(n)) {
                String key = n + "|" + new java.util.TreeMap<>(settings == null ? Map.of() : settings);
                Task t = BUILT.get(key);
                if (t == null) {
                    t = p.create(n, new Settings("task '" + n + "'", settings));
                    BUILT.putIfAbsent(key, t);
                }
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; known: " + String.join(", ", names())
                + ". A task of your own: a TaskProvider in META-INF/services/" + TaskProvider.class.getName() + " of a jar on the class path");
    }
}
