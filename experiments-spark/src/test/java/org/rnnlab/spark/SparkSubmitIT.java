package org.rnnlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.cli.RnnlabCli;
import org.rnnlab.experiments.sweep.SweepFixture;
import org.rnnlab.experiments.sweep.store.SweepFolder;

/**
 * The cluster path, as a user takes it: {@code rnnlab-spark.jar} (built by {@code package}) given to Spark's own
 * {@code SparkSubmit} with {@code --class org.rnnlab.spark.SparkMain} on a {@code local-cluster} master: the executors
 * get rnnlab only from that jar (its Jackson, SnakeYAML and Guava relocated), and the rows equal the local engine's.
 */
class SparkSubmitIT {
    @TempDir
    Path dir;

    @Test
    void theAssemblyJarRunsASweepThroughSparkSubmit() throws Exception {
        Path config = dir.resolve("sweep.yaml");
        Files.writeString(config, String.join("\n", "name: submit", "cells: [rnn, lstm]", "lengths: [2, 4]", "hidden: [8]", "seeds: [1]",
                "optimizers: [{name: adam, lr: 0.01}]",
                "budget: {steps: 200, evaluate_every: 50, validation: 64, batch: 16}", "gradients: {length: 8}", ""));
        Path local = dir.resolve("local");
        StringWriter err = new StringWriter();
        assertThat(RnnlabCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "sweep", "--config",
                config.toString(), "--out", local.toString(), "--no-progress")).as(err.toString()).isZero();

        Path jar = Path.of("target", "rnnlab-spark.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> sparkOnly = new ArrayList<>();
        for (String e : SparkHomes.classPath()) {
            if (e.endsWith(".jar") && !e.contains("/org/rnnlab/") && !e.contains("failsafe") && !e.contains("/experiments")) {
                sparkOnly.add(e);
            }
        }
        Path out = dir.resolve("submitted");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(DriverOptions.DEFAULT.split(" ")));
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, sparkOnly), "org.apache.spark.deploy.SparkSubmit", "--class",
                SparkMain.class.getName(), "--master", "local-cluster[2,1,1024]", jar.toString(), "sweep", "--config",
                config.toString(), "--out", out.toString(), "--no-progress"));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("submit.log").toFile());
        b.environment().put("SPARK_HOME", SparkHomes.create(dir).toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        Process p = b.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("submit.log"));
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("spark: master local-cluster[2,1,1024], 2 executor slot(s)");
        List<String> submitted = new ArrayList<>(SweepFixture.withoutRunColumns(SweepFixture.rows(out.resolve(SweepFolder.RESULTS))));
        List<String> expected = new ArrayList<>(SweepFixture.withoutRunColumns(SweepFixture.rows(local.resolve(SweepFolder.RESULTS))));
        submitted.sort(null);
        expected.sort(null);
        assertThat(submitted).isNotEmpty().isEqualTo(expected);
    }
}
