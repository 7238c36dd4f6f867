package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in logs and at the keyboard: exit codes and messages that name the option and what to do. */
class CommandLineBehaviourTest {
    private static final String SMALL = String.join("\n", "name: cli", "cells: [rnn, lstm]", "lengths: [3, 4]", "hidden: [4]", "seeds: [1]",
            "optimizers: [{name: adam, lr: 0.01}]", "refine: 0",
            "budget: {steps: 20, evaluate_every: 10, validation: 8, batch: 4}", "gradients: {length: 5}", "");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RnnlabCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void outsideATerminalASweepPrintsOnePlainLinePerFinishedPoint() throws Exception {
        Path config = dir.resolve("sweep.yaml");
        Files.writeString(config, SMALL);
        assertThat(run("sweep", "--config", config.toString(), "--out", dir.resolve("out").toString())).as(err.toString()).isZero();
        String log = err.toString();
        assertThat(log).doesNotContain("\r").contains("[sweep 1/4, ").containsPattern("\\[sweep \\d/4, \\d+ s\\] (rnn|lstm) T=3 ");
        assertThat(log.lines().filter(l -> l.startsWith("[sweep ")).toList()).allMatch(l -> l.matches("\\[sweep \\d+/4, \\d+ s] .+"));
        assertThat(out.toString()).contains("## Memory limits, each cell at its best setting").contains("wrote " + dir.resolve("out"));
    }

    @Test
    void anInterruptedSweepSaysHowToResume() throws Exception {
        Path config = dir.resolve("sweep.yaml");
        // Points of 200 000 steps that no loss stops early: the sweep is still on its first ones a second after it said what
        // it runs.
        Files.writeString(config, SMALL.replace("lengths: [3, 4]", "lengths: [3, 4, 5, 6, 7, 8]").replace("steps: 20", "steps: 200000")
                + "solved: {loss_fraction: 1.0e-12}\n");
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RnnlabCli.class.getName(), "sweep", "--config",
                config.toString(), "--out", out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("log")).contains(" series (local: ") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1000);
        assertThat(p.isAlive()).as(Files.readString(dir.resolve("log"))).isTrue();
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(); // what Ctrl-C sends
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("log"))).contains("rnnlab: sweep interrupted; the finished points are kept in "
                + out.toAbsolutePath() + ". Run the same command again to resume.");
    }

    @Test
    void badOptionsNameTheOptionAndPointToHelp() {
        assertThat(run("demo", "--lag", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("rnnlab: --lag must be in [1, 100000], got 0")
                .contains("Run './rnnlab demo --help' for the options.").doesNotContain("Usage:");
        assertThat(run("demo", "--hidden", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("rnnlab: --hidden must be in [1, 32768], got -3");
        assertThat(run("demo", "--precision", "half")).isEqualTo(2);
        assertThat(err.toString()).contains("--precision: unknown precision 'half'");
        assertThat(run("gradients", "--length", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("rnnlab: --length must be in [2, 10000], got 1");
        assertThat(run("bench", "--cells", "foo")).isEqualTo(2);
        assertThat(err.toString()).contains("rnnlab: --cells: no engine of [cpu] offers 'foo'");
        assertThat(run("bench", "--shape", "N8,H8")).isEqualTo(2);
        assertThat(err.toString()).contains("rnnlab: --shape: shape 'N8,H8' needs N, H and T");
        assertThat(run("sweep", "--out", "")).isEqualTo(2);
        assertThat(err.toString()).contains("rnnlab: --out needs a folder name, got an empty one");
    }

    @Test
    void theDemoTakesTheCellAsGradientsAndBenchDo() {
        assertThat(run("demo", "--cell", "gru", "--iterations", "20", "--hidden", "4")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("gru H=4 float32 on backend 'cpu'");
        assertThat(run("demo", "--cells", "rnn", "--iterations", "20", "--hidden", "4")).isZero();
        assertThat(out.toString()).contains("rnn H=4");
    }

    @Test
    void libraryLogsDoNotInterleaveWithTables() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RnnlabCli.class.getName(), "gradients", "--length",
                "5", "--hidden", "4").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>(output.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList());
        assertThat(lines.get(0)).startsWith("cell          backend        decay/step");
        // Without --cells, every kind that an available backend offers in float64, sorted: the built-in, the research
        // backend's and this class path's test plugin.
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(" +")[0]).containsExactly("brittle", "cornn", "exprnn", "gru",
                "indrnn", "ln_gru", "ln_lstm", "lstm", "peephole_lstm", "rnn");
        assertThat(lines).noneMatch(l -> l.contains("INFO"));
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsNamed() throws Exception {
        Path locked = dir.resolve("locked");
        Files.createDirectories(locked);
        assertThat(locked.toFile().setWritable(false, false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "this user writes anywhere (root)");
            Path config = dir.resolve("sweep.yaml");
            Files.writeString(config, SMALL);
            assertThat(run("sweep", "--config", config.toString(), "--out", locked.resolve("sub").toString())).isEqualTo(1);
            assertThat(err.toString()).contains("cannot create " + locked.resolve("sub") + ": permission denied; give --out a folder you "
                    + "can write");
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }
}
