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

    @Option(names = "--cells", split = ",", description = "Cell kinds (default: every kind that an available backend offers in "
            + "the precision, sorted).")
    List<String> cells;

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
        if (length < 2 || length > 10_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--length must be in [2, 10000], got " + length);
        }
        if (hidden < 1 || hidden > 1024 || input < 1 || input > 4096) {
            // The probe forms the full state Jacobian per step: (S·H)² values, S·H backward passes.
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--hidden must be in [1, 1024] and --input in [1, 4096], got "
                    + hidden + " and " + input);
        }
        Precision p;
        try {
            p = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--precision: " + e.getMessage());
        }
        CellRegistry registry = CellRegistry.discover();
        List<String> kinds = cells != null ? cells : offered(registry, p);
        if (kinds.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no available backend offers a cell kind in "
                    + p.id() + "; see ./rnnlab backends");
        }
        String kindColumn = "%-" + Math.max(10, kinds.stream().mapToInt(String::length).max().orElse(0)) + "s";
        int[] lags = {1, 10, 50, 100, 200, 500, 1000};
        o.printf(kindColumn + " %-14s %-12s", "cell", "backend", "decay/step");
        for (int k : lags) {
            if (k <= length) {
                o.printf(" %14s", "log10|g| k=" + k);
            }
        }
        o.printf(" %16s%n", "log10 σmax k=" + length);
        for (String kind : kinds) {
            CellSpec s = new CellSpec(kind, input, hidden, Nonlinearity.TANH, true, p, org.rnnlab.api.Initialization.pytorchDefault(), seed);
            try (RecurrentCell cell = registry.create(s)) {
                Tensor x = Tensor.zeros(p, length, 1, input);
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < x.size(); i++) {
                    x.set(i, r.nextDouble());
                }
                GradientProbe.Profile prof = GradientProbe.probe(cell, x, seed);
                o.printf(java.util.Locale.ROOT, kindColumn + " %-14s %-12.4f", kind, cell.backend(), prof.decayPerStep());
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

    /** Every kind that some available provider offers in {@code precision} (only the chosen backend's, when one is chosen), sorted. */
    static List<String> offered(CellRegistry registry, Precision precision) {
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (org.rnnlab.api.ProviderStatus s : registry.report()) {
            if (s.availability().available()) {
                for (String kind : s.kinds()) {
                    if (registry.offering(kind, precision).contains(s.backend())) {
                        kinds.add(kind);
                    }
                }
            }
        }
        return List.copyOf(kinds);
    }
}
