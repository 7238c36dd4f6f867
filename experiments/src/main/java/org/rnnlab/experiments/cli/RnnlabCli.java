package org.rnnlab.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./rnnlab}: the command line of rnnlab. */
@Command(name = "rnnlab", mixinStandardHelpOptions = true, version = "rnnlab 0.1.0",
        description = "Recurrent neural networks on the JVM: sweeps that measure memory limits and gradient stability.",
        subcommands = {SweepCommand.class, GradientsCommand.class, BenchCommand.class, BackendsCommand.class, DemoCommand.class,
            CharLmCommand.class, GenerateCommand.class,
            CommandLine.HelpCommand.class})
public final class RnnlabCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are rendered to PNG files, never to a screen
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (0 ok, 1 failure, 2 usage error). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to the given streams (for tests), and returns the exit status. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new RnnlabCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, args2) -> {
            // One line saying what is wrong with which option, and where the options are; not the whole usage text.
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("rnnlab: " + e.getMessage());
            cmd.getErr().println("Run './rnnlab " + (cmd.getCommandName().equals("rnnlab") ? "" : cmd.getCommandName() + " ") + "--help' "
                    + "for the options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Our exceptions carry messages written for users: print them, not a stack trace.
            cmd.getErr().println(cmd.getColorScheme().errorText("rnnlab: " + e.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }
}
