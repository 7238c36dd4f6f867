package org.rnnlab.experiments.cli;

import java.util.concurrent.Callable;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.ProviderStatus;
import picocli.CommandLine.Command;

/** {@code ./rnnlab backends}: every provider on the class path, available or not, and why. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every cell provider found, its priority, kinds, and whether it is available here and why.")
final class BackendsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
        CellRegistry r = CellRegistry.discover();
        out().println("Cell providers (highest priority first):");
        for (ProviderStatus s : r.report()) {
            out().println("  " + s.describe());
        }
        r.explicitBackend().ifPresent(b -> out().println("Explicit choice: " + b + " (" + CellRegistry.PROPERTY + " / "
                + CellRegistry.ENV + ")"));
        return 0;
    }
}
