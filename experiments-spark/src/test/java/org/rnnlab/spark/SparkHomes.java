package org.rnnlab.spark;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A folder that Spark's launcher takes for an installation, for {@code local-cluster} masters (whose executor JVMs are
 * started from {@code $SPARK_HOME/jars}): {@code jars/} holds links to the jars of Spark and its dependencies from this
 * JVM's class path. rnnlab's own classes are not among them: executors get those from the application jar or
 * {@code spark.executor.extraClassPath}, as on a real cluster. Use with {@code SPARK_SCALA_VERSION=2.13}.
 */
final class SparkHomes {
    private SparkHomes() {
    }

    static Path create(Path dir) throws IOException {
        Path jars = dir.resolve("spark-home").resolve("jars");
        Files.createDirectories(jars);
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !entry.contains("/org/rnnlab/") && !entry.contains("surefire")
                    && !entry.contains("failsafe") && !entry.contains("/experiments")) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        return jars.getParent();
    }

    /** The entries of this JVM's class path, a manifest-only jar's Class-Path expanded. */
    static List<String> classPath() throws IOException {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            out.add(e);
            if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String u : cp.trim().split("\\s+")) {
                            out.add(Path.of(URI.create(u)).toString());
                        }
                    }
                }
            }
        }
        return out;
    }
}
