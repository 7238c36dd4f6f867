package org.rnnlab.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.rnnlab.experiments.sweep.SweepConfig;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.work.PointExecutor;
import org.rnnlab.experiments.sweep.work.SweepEngine;

/**
 * The engine {@code spark}. Starting it checks the master URL, reaches a standalone master, makes the SparkContext and
 * runs a first job on every executor slot ({@link ExecutorCheck}) within {@code spark.start_timeout_s}; any failure
 * stops Spark and says why, before the sweep writes anything. A master given by {@code spark-submit} (the system
 * property {@code spark.master}) wins over the sweep file's and the command line's.
 */
public final class SparkEngine implements SweepEngine {
    /** Its name. */
    public static final String NAME = "spark";
    private static final Pattern MISSING_CLASS = Pattern.compile("(ClassNotFoundException|NoClassDefFoundError): ?([\\w.$/]+)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PointExecutor start(SweepPlan plan, Context context) throws IOException {
        SweepConfig.Spark settings = plan.config().spark();
        String submitted = System.getProperty("spark.master");
        String master = submitted != null ? submitted : settings.master().trim();
        Masters.check(master);
        Masters.reach(master);
        SparkConf conf = new SparkConf(true).setMaster(master).setAppName("rnnlab sweep '" + plan.config().name() + "'")
                .set("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.ui.enabled", "false");
        settings.settings().forEach(conf::set);
        // Plugin jars that ./rnnlab put on this JVM's class path go to the executors of a cluster too.
        String plugins = System.getProperty("rnnlab.plugins", "");
        if (!plugins.isBlank() && !master.startsWith("local")) {
            String jars = String.join(",", plugins.split(java.io.File.pathSeparator));
            String given = conf.get("spark.jars", "");
            conf.set("spark.jars", given.isBlank() ? jars : given + "," + jars);
        }
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(conf);
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("cannot start Spark (master " + master + "): " + firstLine(e), e);
        }
        try {
            Broadcast<SweepPlan> b = jsc.broadcast(plan);
            int slots = Math.max(1, jsc.defaultParallelism());
            List<String> executors = check(jsc, b, slots, master, settings.startTimeoutS());
            context.log().println("spark: master " + master + ", " + slots + " executor slot(s): " + String.join("; ", executors));
            if (executors.stream().map(l -> l.substring(l.indexOf(": ") + 2)).distinct().count() > 1) {
                context.log().println("warning: the executors choose different backends for the same cells, so rows of one folder will "
                        + "come from different backends (see the backend column); set 'backend:' in the sweep file to run them all on one");
            }
            return new SparkPointExecutor(jsc, b, slots, "spark (" + master + ", " + slots + " slot(s))");
        } catch (IOException | RuntimeException e) {
            jsc.stop();
            throw e;
        }
    }

    private static List<String> check(JavaSparkContext jsc, Broadcast<SweepPlan> b, int slots, String master, int timeoutS)
            throws IOException {
        List<Integer> parts = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            parts.add(i);
        }
        JavaFutureAction<List<String>> f = jsc.parallelize(parts, slots).map(new ExecutorCheck(b)).collectAsync();
        try {
            Set<String> lines = new LinkedHashSet<>(f.get(timeoutS, TimeUnit.SECONDS));
            return List.copyOf(lines);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("no Spark executor ran a first task within " + timeoutS + " s (master " + master + "): are there "
                    + "workers with free cores and memory for this application (spark.executor.cores, spark.executor.memory)? "
                    + "Raise spark.start_timeout_s if the cluster is only slow to start executors");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Spark's executors started", e);
        } catch (ExecutionException e) {
            String text = String.valueOf(e.getCause());
            Matcher m = MISSING_CLASS.matcher(text);
            String missing = m.find() ? m.group(1) + ": " + m.group(2).replace('/', '.')
                    // What Java reports when a lambda's class cannot be loaded while a task is deserialised.
                    : text.contains("SerializedLambda") ? "the first task could not be deserialised: " + firstLine(e.getCause()) : null;
            if (missing != null) {
                throw new IOException("Spark's executors cannot load rnnlab's classes (" + missing + "): submit rnnlab-spark.jar with "
                        + "spark-submit, or name it in spark.jars (or spark.executor.extraClassPath)", e.getCause());
            }
            throw new IOException("Spark's executors cannot run this sweep: " + firstLine(e.getCause()), e.getCause());
        }
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        for (String line : m.split("\\R")) {
            if (line.contains("IllegalStateException: ")) {
                return line.substring(line.indexOf("IllegalStateException: ") + "IllegalStateException: ".length()).strip();
            }
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
