package org.rnnlab.experiments.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The tasks by name. */
public final class Tasks {
    private static final Map<String, Supplier<Task>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("adding", AddingProblem::new);
        ALL.put("copy", CopyMemory::new);
        ALL.put("temporal_order", TemporalOrder::new);
        ALL.put("pattern", PatternGeneration::new);
        ALL.put("running_mean", RunningSum::new);
        ALL.put("echo", Echo::new);
    }

    private Tasks() {
    }

    /** The task of this name; the error lists the known ones. */
    public static Task byName(String name) {
        Supplier<Task> s = ALL.get(name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return s.get();
    }

    /** Every task name. */
    public static java.util.Set<String> names() {
        return ALL.keySet();
    }
}
