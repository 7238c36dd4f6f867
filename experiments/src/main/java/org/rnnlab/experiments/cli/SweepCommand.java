package org.rnnlab.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnnlab.api.CellRegistry;
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
            "(precision, backend, budget, solved, gradients, resources) is refused."})
final class SweepCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep file (YAML). Default: the embedded default sweep.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    String out = "sweep-out";

    @Option(names = "--parallel", paramLabel = "N", description = "Points trained at once (default: the file's 'parallelism', 0 = one per core).")
    Integer parallel;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Option(names = "--engine", paramLabel = "NAME", description = "Where points run: local or spark (default: the file's 'engine', local).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[N], local-cluster[N,C,M], spark://host:port, yarn, "
            + "k8s://https://host:port (default: the file's 'spark.master'; with spark-submit, its --master).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. --conf spark.executor.memory=4g.")
    java.util.Map<String, String> conf;

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
                "default-sweep.yaml", java.util.Map.of())) : SweepFiles.load(config);
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
        // The engine starts (and proves it can run the work) before the folder is touched: a bad master writes nothing.
        try (PointExecutor executor = chosen.start(plan, new SweepEngine.Context(registry, components, o));
             SweepFolder folder = SweepFolder.open(dir, plan)) {
            folder.repairs().forEach(r -> o.println("repaired " + r));
            plan.notes().forEach(n -> o.println("note: " + n));
            if (folder.finishedCount() > 0) {
                o.println("resuming: " + folder.finishedCount() + " point(s) already finished in " + dir);
            }
            o.printf("sweep '%s': tasks %s, cells %s, lengths %s, %d series (%s) -> %s%n", plan.config().name(), plan.config().tasks(),
                    plan.config().cells(), plan.ladder(), plan.series().size(), executor.describe(), dir.toAbsolutePath());
            o.flush();
            SweepRunner.Outcome outcome;
            try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("sweep").setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).showSpeed().build()) {
                outcome = new SweepRunner(plan, folder, executor).run(new SweepRunner.Progress() {
                    @Override
                    public void total(long points) {
                        if (bar != null) {
                            bar.maxHint(points);
                        }
                    }

                    @Override
                    public void advance(long points, String message) {
                        if (bar != null) {
                            bar.stepBy(points);
                            bar.setExtraMessage(message);
                        }
                    }
                });
            }
            String md = SweepReport.write(folder, plan, outcome);
            o.println();
            o.print(md);
            o.println();
            o.println("wrote " + dir.resolve(SweepFolder.RESULTS) + ", " + SweepFolder.TELEMETRY + ", " + SweepFolder.PROBES + ", "
                    + SweepReport.SUMMARY + ", " + SweepReport.HTML + " and charts (*.png)");
            if (!outcome.failures().isEmpty()) {
                spec.commandLine().getErr().println("rnnlab: " + outcome.failures().size() + " point(s) or probe(s) of the sweep failed "
                        + "(listed above and in " + dir.resolve(SweepFolder.FAILURES) + "); rerun the same command to retry them");
                return 1;
            }
            return 0;
        }
    }

    /** The command line's --engine, --master and --conf over the file's. */
    private SweepFiles.Loaded withEngineOptions(SweepFiles.Loaded loaded) {
        SweepConfig c = loaded.config();
        if (engine == null && master == null && conf == null) {
            return loaded;
        }
        java.util.Map<String, Object> settings = new java.util.TreeMap<>(c.spark().conf());
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
