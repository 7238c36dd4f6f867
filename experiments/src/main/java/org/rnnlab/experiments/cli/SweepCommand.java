package org.rnnlab.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.report.Environment;
import org.rnnlab.experiments.report.SweepReport;
import org.rnnlab.experiments.sweep.SweepConfig;
import org.rnnlab.experiments.sweep.SweepFiles;
import org.rnnlab.experiments.sweep.SweepRunner;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.SweepFolder;
import org.rnnlab.experiments.sweep.work.PointExecutor;
import org.rnnlab.experiments.sweep.work.SweepEngine;
import org.rnnlab.experiments.sweep.work.SweepEngines;
import org.rnnlab.optimizers.TrainingComponents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rnnlab sweep}: runs a sweep (the embedded default, or a YAML file) and writes its results and report. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a sweep of architectures × lengths × settings and measure memory limits and gradient stability.",
            "The whole file is checked before anything runs. Rerunning into the same --out folder resumes: finished points are kept,",
            "a killed run loses only the points in flight, failed points are retried. A folder made with other shared settings",
            "(precision, backend, batch, solved, gradients, resources) is refused."})
final class SweepCommand implements Callable<Integer> {
    /** The system property {@code ./rnnlab} sets to {@code true} when stderr is a terminal (a progress bar can be drawn). */
    static final String TERMINAL_PROPERTY = "rnnlab.stderr.terminal";

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep file (YAML). Default: the embedded default sweep.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    String out = "sweep-out";

    @Option(names = "--parallel", paramLabel = "N", description = "Points trained at once (default: the file's 'parallelism', 0 = one per core).")
    Integer parallel;

    @Option(names = "--no-progress", description = "Neither the progress bar nor a line per finished point.")
    boolean noProgress;

    @Option(names = "--engine", paramLabel = "NAME", description = "Where points run: local or spark (default: the file's 'engine', local).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[N], local-cluster[N,C,M], spark://host:port, yarn, "
            + "k8s://https://host:port (default: the file's 'spark.master'; with spark-submit, its --master).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. --conf spark.executor.memory=4g.")
    Map<String, String> conf;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (out.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out needs a folder name, got an empty one");
        }
        if (parallel != null && (parallel < 0 || parallel > 4096)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be in [0, 4096] (0: one per core), got "
                    + parallel);
        }
        SweepFiles.Loaded loaded = config == null ? new SweepFiles.Loaded(SweepFiles.loadDefault(), new SweepFiles.Source(
                "default-sweep.yaml", Map.of())) : SweepFiles.load(config);
        if (parallel != null) {
            loaded = new SweepFiles.Loaded(loaded.config().withParallelism(parallel), loaded.source());
        }
        loaded = withEngineOptions(loaded);
        CellRegistry registry = CellRegistry.discover();
        TrainingComponents components = TrainingComponents.discover();
        SweepEngine chosen;
        try {
            chosen = SweepEngines.byName(loaded.config().engine());
        } catch (IllegalArgumentException e) {
            throw new org.rnnlab.experiments.sweep.InvalidSweepException((engine != null ? "--engine: " : loaded.source().at("engine"))
                    + e.getMessage());
        }
        // The local engine runs the cells here; another engine checks their availability where it runs them.
        SweepPlan plan = SweepPlan.resolve(loaded, registry, components, chosen.runsHere() ? SweepPlan.CellCheck.AVAILABLE_HERE
                : SweepPlan.CellCheck.OFFERED);
        Path dir = Path.of(out);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        // The engine starts (and proves it can run the work) before the folder is touched: a bad master writes nothing.
        try (PointExecutor executor = chosen.start(plan, new SweepEngine.Context(registry, components, o));
             SweepFolder folder = SweepFolder.open(dir, plan)) {
            folder.repairs().forEach(r -> o.println("repaired " + r));
            plan.notes().forEach(n -> o.println("note: " + n));
            if (folder.finishedCount() > 0) {
                o.println("resuming: " + folder.finishedCount() + " point(s) already finished in " + dir);
            }
            o.printf("sweep '%s': tasks %s, cells %s, lengths %s, %d series (%s) -> %s%n", plan.config().name(),
                    plan.config().tasks().stream().map(org.rnnlab.experiments.sweep.Component::label).toList(),
                    plan.cells(), plan.ladder(), plan.series().size(), executor.describe(), dir.toAbsolutePath());
            o.flush();
            AtomicBoolean done = new AtomicBoolean();
            Thread onInterrupt = new Thread(() -> {
                if (!done.get()) {
                    System.err.println();
                    System.err.println("rnnlab: sweep interrupted; the finished points are kept in " + dir.toAbsolutePath()
                            + ". Run the same command again to resume.");
                }
            }, "sweep-interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            SweepRunner.Outcome outcome;
            try {
                outcome = run(plan, folder, executor);
            } finally {
                done.set(true);
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting: the hook prints the message
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            SweepReport.Run run = new SweepReport.Run(started, wall, executor.describe(), Environment.here());
            folder.recordRun(new ObjectMapper().createObjectNode().put("started", started.toString())
                    .put("wall_s", Math.round(wall * 10) / 10.0).put("engine", executor.describe())
                    .set("environment", new ObjectMapper().valueToTree(run.environment())));
            String md = SweepReport.write(folder, plan, outcome, run);
            o.println();
            o.print(md);
            o.println();
            o.printf(Locale.ROOT, "wrote %s (results.csv, limits.csv, summary.md, report.html, charts as PNG and SVG) in %.1f s%n",
                    dir.toAbsolutePath(), wall);
            if (!outcome.failures().isEmpty()) {
                spec.commandLine().getErr().println("rnnlab: " + outcome.failures().size() + " point(s) or probe(s) of the sweep failed "
                        + "(listed above and in " + dir.resolve(SweepFolder.FAILURES) + "); rerun the same command to retry them");
                return 1;
            }
            return 0;
        }
    }

    /**
     * Runs the sweep with a progress bar on a terminal, one plain line per finished point elsewhere (a log, a pipe, CI),
     * or silently with {@code --no-progress}.
     */
    private SweepRunner.Outcome run(SweepPlan plan, SweepFolder folder, PointExecutor executor) throws Exception {
        SweepRunner runner = new SweepRunner(plan, folder, executor);
        if (noProgress) {
            return runner.run(new SweepRunner.Progress() {
                @Override
                public void total(long points) {
                }

                @Override
                public void advance(long points, String message) {
                }
            });
        }
        if (!Boolean.getBoolean(TERMINAL_PROPERTY)) {
            PrintWriter err = spec.commandLine().getErr();
            AtomicLong total = new AtomicLong();
            AtomicLong at = new AtomicLong();
            long t0 = System.nanoTime();
            return runner.run(new SweepRunner.Progress() {
                @Override
                public void total(long points) {
                    total.set(points);
                }

                @Override
                public synchronized void advance(long points, String message) {
                    long now = at.addAndGet(points);
                    // One line per point trained here; resumed points and rungs skipped past a limit only move the count.
                    if (points == 1 && message.contains(" T=") && !message.endsWith("(resumed)")) {
                        err.printf(Locale.ROOT, "[sweep %d/%d, %.0f s] %s%n", now, total.get(), (System.nanoTime() - t0) / 1e9, message);
                        err.flush();
                    }
                }
            });
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sweep").setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).showSpeed().build()) {
            return runner.run(new SweepRunner.Progress() {
                @Override
                public void total(long points) {
                    bar.maxHint(points);
                }

                @Override
                public void advance(long points, String message) {
                    bar.stepBy(points);
                    bar.setExtraMessage(message);
                }
            });
        }
    }

    /** The command line's --engine, --master and --conf over the file's. */
    private SweepFiles.Loaded withEngineOptions(SweepFiles.Loaded loaded) {
        SweepConfig c = loaded.config();
        if (engine == null && master == null && conf == null) {
            return loaded;
        }
        Map<String, Object> settings = new java.util.TreeMap<>(c.spark().conf());
        if (conf != null) {
            settings.putAll(conf);
        }
        try {
            SweepConfig.Spark spark = new SweepConfig.Spark(master != null ? master : c.spark().master(), settings, c.spark().startTimeoutS());
            return new SweepFiles.Loaded(c.withEngine(engine != null ? engine : c.engine(), spark), loaded.source());
        } catch (org.rnnlab.experiments.sweep.SweepKeyException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--" + (e.key().startsWith("conf") ? "conf " : "")
                    + e.key() + ": " + e.getMessage());
        }
    }
}
