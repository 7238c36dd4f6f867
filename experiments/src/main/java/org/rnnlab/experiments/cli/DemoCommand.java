package org.rnnlab.experiments.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.experiments.demo.RecallDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rnnlab demo}: trains a cell on the recall task and prints the loss falling. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a cell to recall the first value of a sequence after a lag, printing the loss as it falls.")
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(names = {"--cell", "--cells", "--kind"}, paramLabel = "KIND",
            description = "The cell: rnn, gru, lstm, or a plugin's kind (default: ${DEFAULT-VALUE}).")
    String kind = "lstm";

    @Option(names = "--hidden", description = "Hidden size H (default: ${DEFAULT-VALUE}).")
    int hidden = 16;

    @Option(names = "--lag", description = "Sequence length T: the lag to bridge (default: ${DEFAULT-VALUE}).")
    int lag = RecallDemo.Settings.defaults().steps();

    @Option(names = "--iterations", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int iterations = RecallDemo.Settings.defaults().iterations();

    @Option(names = "--precision", description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision = "float32";

    @Option(names = "--seed", description = "Seed of the weights and the data (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    private void positive(String option, long value, long max) {
        if (value < 1 || value > max) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be in [1, " + max + "], got " + value);
        }
    }

    @Override
    public Integer call() {
        // Checked here, so that a message names the option a user typed rather than a field of the settings.
        positive("--hidden", hidden, org.rnnlab.api.CellSpec.MAX_SIZE);
        positive("--lag", lag, 100_000);
        positive("--iterations", iterations, 10_000_000);
        try {
            Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--precision: " + e.getMessage());
        }
        RecallDemo.Settings defaults = RecallDemo.Settings.defaults();
        RecallDemo.Settings s = new RecallDemo.Settings(lag, defaults.batch(), iterations, defaults.learningRate(), seed);
        CellSpec spec = CellSpec.of(kind, 1, hidden).withPrecision(Precision.parse(precision)).withSeed(seed);
        try (RecurrentCell cell = CellRegistry.discover().create(spec)) {
            out().printf("Recall the first of %d values (U(-1,1)); %s H=%d %s on backend '%s'; baseline MSE %.4f%n",
                    lag, kind, hidden, spec.precision().id(), cell.backend(), RecallDemo.BASELINE);
            List<RecallDemo.Point> curve = RecallDemo.train(cell, s,
                    p -> out().printf("  iteration %5d  loss %.5f%n", p.iteration(), p.loss()));
            double first = curve.get(0).loss();
            double last = curve.get(curve.size() - 1).loss();
            out().printf("Loss %.5f -> %.5f (%.1fx lower; %.1f%% of the baseline)%n", first, last, first / last,
                    100 * last / RecallDemo.BASELINE);
        }
        return 0;
    }
}
