package org.rnnlab.experiments.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.experiments.probe.GradientProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rnnlab gradients}: the gradient-stability probe on freshly initialised cells. */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = "Probe gradient stability of freshly initialised cells: ‖∂L/∂h(T−k)‖ and σmax(∂h(T)/∂h(T−k)) against the lag k.")
final class GradientsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--cells", split = ",", description = "Cell kinds (default: ${DEFAULT-VALUE}).")
    List<String> cells = List.of("rnn", "gru", "lstm");

    @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 32;

    @Option(names = "--input", description = "Input size (default: ${DEFAULT-VALUE}).")
    int input = 2;

    @Option(names = "--length", description = "Steps unrolled (default: ${DEFAULT-VALUE}).")
    int length = 200;

    @Option(names = "--seed", description = "Seed of weights, input and readout (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--precision", description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision = "float64";

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (length < 2) {
            throw new IllegalArgumentException("--length must be >= 2, got " + length);
        }
        Precision p = Precision.parse(precision);
        int[] lags = {1, 10, 50, 100, 200, 500, 1000};
        o.printf("%-6s %-12s", "cell", "decay/step");
        for (int k : lags) {
            if (k <= length) {
                o.printf(" %14s", "log10|g| k=" + k);
            }
        }
        o.printf(" %16s%n", "log10 σmax k=" + length);
        CellRegistry registry = CellRegistry.discover();
        for (String kind : cells) {
            CellSpec s = new CellSpec(kind, input, hidden, Nonlinearity.TANH, true, p, org.rnnlab.api.Initialization.pytorchDefault(), seed);
            try (RecurrentCell cell = registry.create(s)) {
                Tensor x = Tensor.zeros(p, length, 1, input);
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < x.size(); i++) {
                    x.set(i, r.nextDouble());
                }
                GradientProbe.Profile prof = GradientProbe.probe(cell, x, seed);
                o.printf("%-6s %-12.4f", kind, prof.decayPerStep());
                for (int k : lags) {
                    if (k <= length) {
                        o.printf(" %14.2f", prof.log10GradNorm()[k]);
                    }
                }
                o.printf(" %16.2f%n", prof.log10SigmaMax()[length]);
            }
        }
        return 0;
    }
}
