package org.rnnlab.experiments.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rnnlab.experiments.tasks.spi.TaskProvider;
import org.rnnlab.optimizers.Settings;

/**
 * The tasks rnnlab ships: the synthetic memory tasks (adding, copy, temporal order, pattern, running mean, echo) and
 * the real data ones (sequential MNIST-format images, character-level text, series forecasting).
 */
public final class BuiltInTasks implements TaskProvider {
    private static final Map<String, Function<Settings, Task>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("adding", s -> synthetic(s, new AddingProblem()));
        ALL.put("copy", s -> synthetic(s, new CopyMemory()));
        ALL.put("temporal_order", s -> synthetic(s, new TemporalOrder()));
        ALL.put("pattern", s -> synthetic(s, new PatternGeneration()));
        ALL.put("running_mean", s -> synthetic(s, new RunningSum()));
        ALL.put("echo", s -> synthetic(s, new Echo()));
        ALL.put("fashion_mnist", s -> SequentialImages.create("fashion_mnist", s, SequentialImages.FASHION_MNIST_DIR));
        ALL.put("mnist", s -> SequentialImages.create("mnist", s, "/usr/share/datasets/mnist"));
        ALL.put("text", s -> CharacterText.create("text", s));
        ALL.put("series", s -> SeriesForecast.create("series", s));
    }

    /** The synthetic tasks take no settings. */
    private static Task synthetic(Settings s, Task t) {
        s.finish();
        return t;
    }

    /** The names of the synthetic tasks, in the order of the documentation. */
    public static Set<String> syntheticNames() {
        return Set.of("adding", "copy", "temporal_order", "pattern", "running_mean", "echo");
    }

    @Override
    public Set<String> names() {
        return ALL.keySet();
    }

    @Override
    public Task create(String name, Settings settings) {
        Function<Settings, Task> f = ALL.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; this provider offers " + String.join(", ", ALL.keySet()));
        }
        return f.apply(settings);
    }
}
