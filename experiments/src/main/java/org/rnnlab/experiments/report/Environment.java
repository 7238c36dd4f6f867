package org.rnnlab.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a sweep ran, for the record: rnnlab's commit, the JVM, the operating system, the CPU and its vector width, the
 * cores. Read once per run and kept in {@code sweep.json}, so that a figure can be traced to the machine that made it.
 */
public final class Environment {
    /** The system property {@code ./rnnlab} sets to the project's commit. */
    public static final String COMMIT_PROPERTY = "rnnlab.commit";

    private Environment() {
    }

    /** This JVM's environment, by key, as text. */
    public static Map<String, String> here() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rnnlab commit", System.getProperty(COMMIT_PROPERTY, "unknown (not run through ./rnnlab)"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version", System.getProperty("java.version")));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpu", cpu());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("vector width", vectorBits());
        m.put("max heap", org.rnnlab.api.Memory.human(Runtime.getRuntime().maxMemory()));
        return m;
    }

    private static String cpu() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                for (String l : Files.readAllLines(info)) {
                    if (l.startsWith("model name") && l.contains(":")) {
                        return l.substring(l.indexOf(':') + 1).strip();
                    }
                }
            } catch (IOException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
        return "unknown";
    }

    private static String vectorBits() {
        try {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits (Vector API preferred species)";
        } catch (LinkageError e) {
            return "unknown (module jdk.incubator.vector not loaded)";
        }
    }
}
