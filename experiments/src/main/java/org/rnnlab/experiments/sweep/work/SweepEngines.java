package org.rnnlab.experiments.sweep.work;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The sweep engines on the class path, by name. */
public final class SweepEngines {
    private SweepEngines() {
    }

    /** Every engine found: {@code local} and those listed in {@code META-INF/services}. */
    public static List<SweepEngine> all() {
        List<SweepEngine> out = new ArrayList<>();
        out.add(new LocalEngine());
        try {
            ServiceLoader.load(SweepEngine.class).forEach(e -> {
                if (!LocalEngine.NAME.equals(e.name())) {
                    out.add(e);
                }
            });
        } catch (ServiceConfigurationError e) {
            // A broken engine jar must not hide the local engine; naming it fails below with the known ones.
        }
        return out;
    }

    /** The engine of this name; the error lists those found and says how the Spark engine is added. */
    public static SweepEngine byName(String name) {
        for (SweepEngine e : all()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        TreeSet<String> known = new TreeSet<>();
        all().forEach(e -> known.add(e.name()));
        throw new IllegalArgumentException("engine '" + name + "' is not on the class path; known here: " + String.join(", ", known)
                + ". The spark engine is module experiments-spark: ./rnnlab adds it for --engine spark; with spark-submit it is in "
                + "rnnlab-spark.jar");
    }
}
