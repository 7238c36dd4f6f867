package org.rnnlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.cli.RnnlabCli;
import org.rnnlab.experiments.sweep.SweepFixture;
import org.rnnlab.experiments.sweep.store.ResultRow;
import org.rnnlab.experiments.sweep.store.SweepFolder;

/**
 * The same sweep on Spark writes the same {@code results.csv} as on the local engine (all but the wall-time and host
 * columns), on {@code local[2]} and on {@code local-cluster[2,1,1024]} (separate executor JVMs, one killed with SIGKILL
 * mid-sweep); a driver killed mid-sweep resumes without running a point twice; bad masters and executors without
 * rnnlab's classes fail at once with one clear message and write nothing.
 */
class SparkSweepTest {
    /** Three cells (one with a projection) × three lengths × two seeds; some points solved, so the ladders climb. */
    private static final String SWEEP = String.join("\n",
            "name: spark-test",
            "cells: [rnn, lstm, {name: lstm, proj_size: 4}]",
            "lengths: [2, 4, 8]",
            "hidden: [8]",
            "seeds: [1, 2]",
            "optimizers: [{name: adam, lr: 0.01}]",
            "refine: 0",
            "budget: {steps: 300, evaluate_every: 50, validation: 64, batch: 16}",
            "gradients: {length: 8}",
            "");

    @TempDir
    static Path shared;
    private static Path config;
    private static List<String> local;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void runOnTheLocalEngine() throws IOException {
        config = shared.resolve("sweep.yaml");
        Files.writeString(config, SWEEP);
        Path reference = shared.resolve("local");
        StringWriter e = new StringWriter();
        assertThat(RnnlabCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true), "sweep", "--config",
                config.toString(), "--out", reference.toString(), "--no-progress")).as(e.toString()).isZero();
        local = sorted(SweepFixture.withoutRunColumns(SweepFixture.rows(reference.resolve(SweepFolder.RESULTS))));
        assertThat(local).as("the ladders climb past the first rung").hasSizeGreaterThan(4);
    }

    private int sweep(String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--config", config.toString(), "--no-progress"));
        args.addAll(List.of(extra));
        return RnnlabCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    private static List<String> sorted(List<String> rows) {
        List<String> s = new ArrayList<>(rows);
        s.sort(null);
        return s;
    }

    /** Every point exactly once, and the same rows as the local engine's. */
    private static void assertSameAsLocal(Path out) throws IOException {
        List<String> rows = SweepFixture.rows(out.resolve(SweepFolder.RESULTS));
        Set<String> points = new HashSet<>();
        for (String r : rows) {
            assertThat(points.add(ResultRow.parse(r).fingerprint())).as("a point twice: %s", r).isTrue();
        }
        assertThat(sorted(SweepFixture.withoutRunColumns(rows))).isEqualTo(local);
        assertThat(Files.readAllLines(out.resolve(SweepFolder.TELEMETRY))).hasSameSizeAs(rows);
    }

    @Test
    void onLocalTwoTheRowsEqualTheLocalEnginesBitForBit() throws IOException {
        Path out = dir.resolve("spark");
        assertThat(sweep("--out", out.toString(), "--engine", "spark", "--master", "local[2]")).as(err.toString()).isZero();
        assertThat(this.out.toString()).contains("spark: master local[2], 2 executor slot(s)");
        assertSameAsLocal(out);
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void badMastersAndEnginesFailAtOnceAndWriteNothing() {
        Path out = dir.resolve("never");
        assertThat(sweep("--out", out.toString(), "--engine", "spark", "--master", "sparkk://x:7077")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown Spark master 'sparkk://x:7077'; use local[N]");
        assertThat(sweep("--out", out.toString(), "--engine", "spark", "--master", "spark://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the Spark master at 127.0.0.1:1 (Connection refused)");
        assertThat(sweep("--out", out.toString(), "--engine", "flink")).isEqualTo(1);
        assertThat(err.toString()).contains("--engine: engine 'flink' is not on the class path; known here: local, spark");
        assertThat(sweep("--out", out.toString(), "--engine", "spark", "--conf", "executor.memory=1g")).isEqualTo(2);
        assertThat(err.toString()).contains("Spark settings start with 'spark.'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBackendThatTheExecutorsLackIsNamedByTheFirstJob() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(new org.rnnlab.gpu.CudaCellProvider().probe().available(),
                "a CUDA device is present here");
        Path cuda = dir.resolve("cuda.yaml");
        Files.writeString(cuda, SWEEP + "backend: cuda\n");
        Path out = dir.resolve("never");
        int code = RnnlabCli.execute(new PrintWriter(this.out, true), new PrintWriter(err, true), "sweep", "--config", cuda.toString(),
                "--out", out.toString(), "--no-progress", "--engine", "spark", "--master", "local[1]");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("rnnlab: Spark's executors cannot run this sweep: the executor on ")
                .contains("cannot run rnn in float32: backend 'cuda'").contains("is unavailable");
        assertThat(out).doesNotExist();
    }

    @Test
    void aDriverKilledMidSweepResumesWithoutRunningAPointTwice() throws Exception {
        Path out = dir.resolve("killed");
        Process p = java(List.of(), "sweep", "--config", config.toString(), "--out", out.toString(), "--no-progress", "--engine",
                "spark", "--master", "local[2]");
        waitForRows(p, out, 3);
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
        int before = SweepFixture.rows(out.resolve(SweepFolder.RESULTS)).size();
        assertThat(before).as("killed midway (see driver.log)").isBetween(1, local.size() - 1);
        assertThat(sweep("--out", out.toString(), "--engine", "spark", "--master", "local[2]")).as(err.toString()).isZero();
        assertThat(this.out.toString()).contains("resuming: " + before + " point(s) already finished");
        assertSameAsLocal(out);
    }

    @Test
    void onALocalClusterAKilledExecutorsTasksRunAgainAndEveryPointIsWrittenOnce() throws Exception {
        Path sparkHome = SparkHomes.create(dir);
        Path out = dir.resolve("cluster");
        Process p = java(List.of("SPARK_HOME=" + sparkHome, "SPARK_SCALA_VERSION=2.13"), "sweep", "--config", config.toString(),
                "--out", out.toString(), "--no-progress", "--engine", "spark", "--master", "local-cluster[2,1,1024]", "--conf",
                "spark.executor.extraClassPath=" + System.getProperty("java.class.path"));
        waitForRows(p, out, 2);
        List<ProcessHandle> executors = executors(p);
        assertThat(executors).as("two executor JVMs (see driver.log)").hasSize(2);
        executors.get(0).destroyForcibly();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the sweep finishes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("driver.log"))).isZero();
        assertSameAsLocal(out);
    }

    @Test
    void executorsWithoutRnnlabsClassesAreNamedWithinTheStartTimeout() throws Exception {
        Path out = dir.resolve("noclasses");
        Process p = java(List.of("SPARK_HOME=" + SparkHomes.create(dir), "SPARK_SCALA_VERSION=2.13"), "sweep", "--config", config.toString(),
                "--out", out.toString(), "--no-progress", "--engine", "spark", "--master", "local-cluster[1,1,1024]");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("driver.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(1);
        assertThat(log).contains("rnnlab: Spark's executors cannot load rnnlab's classes (")
                .contains("submit rnnlab-spark.jar with spark-submit, or name it in spark.jars");
        assertThat(out).doesNotExist();
    }

    /** A driver JVM running the command line, with Spark's JVM options and this test's class path. */
    private Process java(List<String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty("spark.test.java.options", DriverOptions.DEFAULT).split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RnnlabCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile());
        for (String e : env) {
            b.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        return b.start();
    }

    private void waitForRows(Process p, Path out, int rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Path results = out.resolve(SweepFolder.RESULTS);
        while (SweepFixture.rows(results).size() < rows && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the driver is still running: %s", Files.readString(dir.resolve("driver.log"))).isTrue();
    }

    private static List<ProcessHandle> executors(Process driver) throws IOException {
        List<ProcessHandle> out = new ArrayList<>();
        for (ProcessHandle h : driver.descendants().toList()) {
            Path cmdline = Path.of("/proc", String.valueOf(h.pid()), "cmdline");
            String line = Files.exists(cmdline) ? Files.readString(cmdline, StandardCharsets.UTF_8) : h.info().commandLine().orElse("");
            if (line.contains("CoarseGrainedExecutorBackend")) {
                out.add(h);
            }
        }
        return out;
    }

}
