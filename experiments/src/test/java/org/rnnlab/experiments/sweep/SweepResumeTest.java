package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.cli.RnnlabCli;
import org.rnnlab.experiments.sweep.store.SweepFolder;

/**
 * Kills a sweep with SIGKILL (kill -9) in the middle, simulates a row cut short by the kill, reruns it, and checks that
 * every point is there exactly once, the rows finished before the kill are unchanged, and the result equals an
 * uninterrupted run of the same sweep (points are deterministic by seed).
 */
class SweepResumeTest {
    @TempDir
    Path dir;

    private static final String SWEEP = String.join("\n",
            "name: resume-test",
            "cells: [rnn, gru, lstm]",
            "lengths: [3, 4, 5, 6]",
            "hidden: [4]",
            "seeds: [1, 2]",
            "optimizers: [{name: adam, lr: 0.01}]",
            "budget: {steps: 40, evaluate_every: 20, validation: 16, batch: 8}",
            "gradients: {length: 8}",
            "parallelism: 1",
            "");

    @Test
    void aKilledSweepResumesWithoutLosingOrDuplicatingRows() throws Exception {
        Path config = dir.resolve("sweep.yaml");
        Files.writeString(config, SWEEP);
        Path reference = dir.resolve("reference");
        assertThat(RnnlabCli.execute("sweep", "--config", config.toString(), "--out", reference.toString(), "--no-progress")).isZero();
        List<String> expected = SweepFixture.rows(reference.resolve(SweepFolder.RESULTS));
        Path out = dir.resolve("out");
        Path results = out.resolve(SweepFolder.RESULTS);
        // The child uses the same matrix engine as this JVM (the Vector API module), so both runs compute the same numbers.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), RnnlabCli.class.getName(), "sweep", "--config", config.toString(), "--out",
                out.toString(), "--no-progress").redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (SweepFixture.rows(results).size() < 4 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        p.waitFor(10, TimeUnit.SECONDS);
        List<String> before = SweepFixture.rows(results);
        assertThat(before).as("the child had finished some points when killed (see child.log)").isNotEmpty();
        int total = expected.size();
        assertThat(before.size()).as("killed midway").isLessThan(total);
        // A kill in the middle of a write leaves a partial line: simulate one.
        Files.writeString(results, "task=adding|cell=rnn|hid", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertThat(RnnlabCli.execute("sweep", "--config", config.toString(), "--out", out.toString(), "--no-progress")).isZero();

        List<String> after = SweepFixture.rows(results);
        Set<String> ids = new HashSet<>();
        for (String row : after) {
            assertThat(ids.add(id(row))).as("duplicate row %s", id(row)).isTrue();
        }
        assertThat(after).hasSize(total);
        assertThat(SweepFixture.withoutRunColumns(after)).as("same points and results as an uninterrupted run")
                .containsExactlyInAnyOrderElementsOf(SweepFixture.withoutRunColumns(expected));
        assertThat(after.subList(0, before.size())).as("rows finished before the kill are kept as they were").isEqualTo(before);
        long telemetryLines = Files.readAllLines(out.resolve(SweepFolder.TELEMETRY)).size();
        assertThat(telemetryLines).as("one telemetry line per row").isEqualTo(total);
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("gradient_norms.png")).exists();
    }

    private static String id(String row) throws java.io.IOException {
        return org.rnnlab.experiments.sweep.store.ResultRow.parse(row).fingerprint();
    }
}
