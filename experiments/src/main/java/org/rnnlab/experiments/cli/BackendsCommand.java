package org.rnnlab.experiments.cli;

import java.util.concurrent.Callable;
import org.rnnlab.api.CellRegistry;
import picocli.CommandLine.Command;

/** {@code ./rnnlab backends}: every provider on the class path, available or not, and why. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every cell provider found, its priority, kinds, and whether it is available here and why.")
final class BackendsCommand implements Callable<Integer> {
    /** The plugin jars ./rnnlab put on the class path (set by the script, for this report). */
    static final String PLUGINS_PROPERTY = "rnnlab.plugins";

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
        CellRegistry r = CellRegistry.discover();
        out().println("Cell providers (highest priority first):");
        out().println(r.describe());
        r.explicitBackend().ifPresent(b -> out().println("Explicit choice: " + b + " (" + CellRegistry.PROPERTY + " / "
                + CellRegistry.ENV + ")"));
        String plugins = System.getProperty(PLUGINS_PROPERTY, "");
        out().println(plugins.isBlank() ? "Plugin jars: none." : "Plugin jars: " + plugins.replace(java.io.File.pathSeparator, ", ") + ".");
        out().println("Add a plugin: put its jar in plugins/ beside ./rnnlab, or name it in RNNLAB_PLUGINS (jars or folders of jars, "
                + "':'-separated).");
        return 0;
    }
}
