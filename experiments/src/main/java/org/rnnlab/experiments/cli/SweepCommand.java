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
import org.rnnlab.experiments.sweep.ResultStore;
import org.rnnlab.experiments.sweep.SweepConfig;
import org.rnnlab.experiments.sweep.SweepFiles;
import org.rnnlab.experiments.sweep.SweepRunner;
import org.rnnlab.optimizers.TrainingComponents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rnnlab sweep}: runs a sweep (the embedded default, or a YAML file) and writes its results and report. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a sweep of architectures × lengths × settings and measure memory limits and gradient stability.",
            "Rerunning into the same --out folder resumes: finished points are kept, a killed run loses only the points in flight."})
final class SweepCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep file (YAML). Default: the embedded default sweep.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("sweep-out");

    @Option(names = "--parallel", paramLabel = "N", description = "Points trained at once (default: the file's 'parallelism', 0 = one per core).")
    Integer parallel;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        SweepConfig c = config == null ? SweepFiles.loadDefault() : SweepFiles.load(config);
        if (parallel != null) {
            c = new SweepConfig(c.name(), c.tasks(), c.cells(), c.lengths(), c.hidden(), c.optimizers(), c.clipping(), c.initializations(),
                    c.seeds(), c.backend(), c.precision(), c.budget(), c.solved(), c.gradients(), c.resources(), parallel);
        }
        CellRegistry registry = CellRegistry.discover();
        if (!"auto".equalsIgnoreCase(c.backend())) {
            registry = registry.withBackend(c.backend());
        }
        ResultStore store = ResultStore.open(out);
        store.repairs().forEach(r -> o.println("repaired " + r));
        if (!store.finished().isEmpty()) {
            o.println("resuming: " + store.finished().size() + " point(s) already finished in " + out);
        }
        SweepRunner runner = new SweepRunner(c, store, registry, TrainingComponents.discover());
        o.printf("sweep '%s': tasks %s, cells %s, lengths %s, %d series -> %s%n", c.name(), c.tasks(), c.cells(), c.lengths(),
                runner.series().size(), out.toAbsolutePath());
        o.flush();
        SweepRunner.Outcome outcome;
        try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("sweep").setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).showSpeed().build()) {
            outcome = runner.run(new SweepRunner.Progress() {
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
        String md = SweepReport.write(out, c, outcome);
        o.println();
        o.print(md);
        o.println();
        o.println("wrote " + out.resolve(ResultStore.RESULTS) + ", " + ResultStore.TELEMETRY + ", " + ResultStore.PROBES + ", "
                + SweepReport.SUMMARY + ", " + SweepReport.HTML + " and charts (*.png)");
        return 0;
    }
}
