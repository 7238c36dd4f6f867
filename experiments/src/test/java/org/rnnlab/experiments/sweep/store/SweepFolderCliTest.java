package org.rnnlab.experiments.sweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.cli.RnnlabCli;
import org.rnnlab.experiments.plugin.BrittleRnn;
import org.rnnlab.experiments.sweep.SweepFixture;
import org.rnnlab.experiments.sweep.plan.SweepPlan;

/**
 * A sweep folder cannot lie, tried end to end through {@code ./rnnlab sweep}: a rerun with other shared settings is
 * refused naming the keys, a second writer is refused at once, a point that fails at run time makes the sweep exit
 * non-zero and is retried, and a damaged folder is named by file and line, and repaired where the sweep can reproduce
 * what was lost, without touching a good row.
 */
class SweepFolderCliTest {
    private static final String SWEEP = String.join("\n",
            "name: folder-test",
            "cells: [rnn, lstm]",
            "lengths: [3, 4]",
            "hidden: [4]",
            "seeds: [1]",
            "optimizers: [{name: adam, lr: 0.01}]",
            "refine: 0",
            "budget: {steps: 20, evaluate_every: 10, validation: 8, batch: 4}",
            "gradients: {length: 5}",
            "parallelism: 2",
            "");

    @TempDir
    static Path shared;
    private static Path config;
    private static Path reference;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void runTheReferenceSweep() throws IOException {
        config = shared.resolve("sweep.yaml");
        Files.writeString(config, SWEEP);
        reference = shared.resolve("reference");
        StringWriter e = new StringWriter();
        int code = RnnlabCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true), "sweep", "--config",
                config.toString(), "--out", reference.toString(), "--no-progress");
        assertThat(code).as(e.toString()).isZero();
    }

    private int sweep(Path configFile, Path outDir) {
        return RnnlabCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sweep", "--config", configFile.toString(),
                "--out", outDir.toString(), "--no-progress");
    }

    private Path copyOfReference() throws IOException {
        Path copy = dir.resolve("out");
        try (Stream<Path> files = Files.walk(reference)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(reference.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy;
    }

    private Path config(String extra) throws IOException {
        Path c = dir.resolve("changed.yaml");
        Files.writeString(c, SWEEP + extra);
        return c;
    }

    @Test
    void aRerunWithOtherSharedSettingsIsRefusedNamingEachKey() throws IOException {
        Path out = copyOfReference();
        byte[] before = Files.readAllBytes(out.resolve(SweepFolder.RESULTS));
        Path changed = config("precision: float64\nsolved: {loss_fraction: 0.05}\n");
        Files.writeString(changed, Files.readString(changed).replace("batch: 4", "batch: 8").replace("length: 5", "length: 6"));
        assertThat(sweep(changed, out)).isEqualTo(1);
        assertThat(err.toString()).contains(out + " holds results of other settings: ")
                .contains("budget.batch 4 there, 8 here")
                .contains("gradients.length 5 there, 6 here").contains("precision float32 there, float64 here")
                .contains("solved.loss_fraction 0.06 there, 0.05 here").contains("give another --out folder");
        assertThat(Files.readAllBytes(out.resolve(SweepFolder.RESULTS))).as("nothing written").isEqualTo(before);
    }

    @Test
    void aRerunOfTheSameSweepRunsNothingAndAGrownGridRunsOnlyItsNewPoints() throws IOException {
        Path out = copyOfReference();
        List<String> rows = SweepFixture.rows(out.resolve(SweepFolder.RESULTS));
        assertThat(sweep(config, out)).isZero();
        assertThat(out.toString()).isNotEmpty();
        assertThat(this.out.toString()).contains("resuming: " + rows.size() + " point(s) already finished");
        assertThat(SweepFixture.rows(out.resolve(SweepFolder.RESULTS))).isEqualTo(rows);
        Path seeds = config("");
        Files.writeString(seeds, Files.readString(seeds).replace("seeds: [1]", "seeds: [1, 2]"));
        assertThat(sweep(seeds, out)).isZero();
        List<String> grown = SweepFixture.rows(out.resolve(SweepFolder.RESULTS));
        assertThat(grown.subList(0, rows.size())).isEqualTo(rows);
        assertThat(grown.size()).isGreaterThan(rows.size());
        // The budget is an axis: another budget runs its own points, and the report shows only the config's own.
        Path budget = config("");
        Files.writeString(budget, Files.readString(budget).replace("steps: 20", "steps: 25"));
        assertThat(sweep(budget, out)).isZero();
        List<String> both = SweepFixture.rows(out.resolve(SweepFolder.RESULTS));
        assertThat(both.subList(0, grown.size())).isEqualTo(grown);
        assertThat(both.subList(grown.size(), both.size())).isNotEmpty().allMatch(r -> r.contains("|steps=25|"));
        assertThat(Files.readAllLines(out.resolve("limits.csv"))).as("the report's series: the config's own")
                .hasSize(1 + 2).allMatch(l -> l.startsWith("task,") || l.contains(",25,"));
    }

    @Test
    void aSecondSweepIntoTheSameFolderIsRefusedAtOnce() throws Exception {
        Path out = dir.resolve("busy");
        Path slow = config("");
        Files.writeString(slow, Files.readString(slow).replace("lengths: [3, 4]", "lengths: [3, 4, 5, 6, 7, 8, 9, 10]")
                .replace("steps: 20, evaluate_every: 10", "steps: 400, evaluate_every: 400"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RnnlabCli.class.getName(), "sweep", "--config",
                slow.toString(), "--out", out.toString(), "--no-progress").redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Path lock = out.resolve(FolderLock.FILE);
            while (!(Files.exists(lock) && Files.size(lock) > 0) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("the first sweep is running (see child.log)").isTrue();
            assertThat(sweep(slow, out)).isEqualTo(1);
            assertThat(err.toString()).contains(out + " is in use by another sweep (pid " + child.pid() + " on ")
                    .contains("wait for it to finish, or give another --out folder");
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        // The OS released the killed sweep's lock: the folder resumes.
        SweepPlan plan = SweepFixture.plan(SWEEP);
        try (SweepFolder f = SweepFolder.open(out, SweepFixture.plan(Files.readString(slow)))) {
            assertThat(f.dir()).isEqualTo(out);
            try {
                SweepFolder.open(out, plan).close();
                throw new AssertionError("a second open in the same process must be refused");
            } catch (FolderInUseException e) {
                assertThat(e).hasMessageContaining("is in use by another sweep (pid " + ProcessHandle.current().pid());
            }
        }
    }

    @Test
    void aFolderDeletedUnderARunningSweepStopsItRatherThanMixTwoRuns() throws Exception {
        Path out = dir.resolve("deleted");
        SweepPlan plan = SweepFixture.plan(SWEEP);
        try (SweepFolder f = SweepFolder.open(out, plan)) {
            // Another user's `rm -rf` and a second sweep into the same path: a new folder with a new lock.
            try (Stream<Path> files = Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            try (SweepFolder second = SweepFolder.open(out, plan)) {
                org.rnnlab.experiments.sweep.plan.Point p = plan.point(plan.series().get(0), 3);
                try {
                    f.commit(p, new Metrics("BUDGET_EXHAUSTED", false, 1, 1, 1, 1, "mse", 1, 1, 0, 0), new RunInfo("cpu", 1, "h"), "{}",
                            new byte[] {1});
                    throw new AssertionError("the first sweep must stop writing");
                } catch (FolderInUseException e) {
                    assertThat(e).hasMessageContaining(out + " was deleted or replaced while this sweep wrote it");
                }
                assertThat(second.dir()).isEqualTo(out);
            }
        }
    }

    @Test
    void aConfigThatFailsToResolveWritesNothing() throws IOException {
        Path out = dir.resolve("never");
        Path bad = config("");
        Files.writeString(bad, Files.readString(bad).replace("{name: adam, lr: 0.01}", "{name: adamx}"));
        assertThat(sweep(bad, out)).isEqualTo(1);
        assertThat(err.toString()).contains("unknown optimizer 'adamx'");
        assertThat(out).doesNotExist();
    }

    @Test
    void pointsThatFailAtRunTimeMakeTheSweepFailAndAreRetriedOnResume() throws IOException {
        Path out = dir.resolve("brittle");
        Path plugin = config("cells: [rnn, brittle]\nprecision: float64\n");
        Files.writeString(plugin, Files.readString(plugin).replace("cells: [rnn, lstm]\n", ""));
        System.setProperty(BrittleRnn.FAIL, "true");
        try {
            assertThat(sweep(plugin, out)).isEqualTo(1);
        } finally {
            System.clearProperty(BrittleRnn.FAIL);
        }
        assertThat(err.toString()).contains("point(s) or probe(s) of the sweep failed").contains("rerun the same command to retry them");
        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(summary).contains("failed** (rerun the sweep").contains("point task=adding|cell=brittle")
                .contains("brittle cell asked to fail");
        assertThat(Files.readString(out.resolve("report.html"))).contains("failed</h2>");
        assertThat(Files.readAllLines(out.resolve(SweepFolder.FAILURES))).isNotEmpty();
        assertThat(SweepFixture.rows(out.resolve(SweepFolder.RESULTS))).noneMatch(r -> r.contains("cell=brittle"));

        out.resolve(SweepFolder.FAILURES).toFile().delete();
        err.getBuffer().setLength(0);
        assertThat(sweep(plugin, out)).as(err.toString()).isZero();
        assertThat(SweepFixture.rows(out.resolve(SweepFolder.RESULTS))).anyMatch(r -> r.contains("cell=brittle"));
        assertThat(out.resolve(SweepFolder.FAILURES)).doesNotExist();
        assertThat(Files.readString(out.resolve(SweepFolder.PROBES))).contains("\"cell\":\"brittle\"").contains("\"type\":\"memory\"");
    }

    @Test
    void aGarbageRowIsNamedByLineAndNothingIsRun() throws IOException {
        Path out = copyOfReference();
        Path results = out.resolve(SweepFolder.RESULTS);
        List<String> lines = new ArrayList<>(Files.readAllLines(results));
        lines.add(2, "this,is,not,a,row");
        Files.write(results, lines);
        byte[] before = Files.readAllBytes(results);
        assertThat(sweep(config, out)).isEqualTo(1);
        assertThat(err.toString()).contains(results + " line 3: cannot be read (").contains("Fix or delete that line and rerun");
        assertThat(Files.readAllBytes(results)).isEqualTo(before);

        Files.write(results, List.of("id,task,cell,status"));
        assertThat(sweep(config, out)).isEqualTo(1);
        assertThat(err.toString()).contains(results + " line 1: the columns are not those this version of rnnlab writes");
    }

    @Test
    void lostTelemetryAndCheckpointsAreRestoredByRerunningTheirPointsRowsKept() throws IOException {
        Path out = copyOfReference();
        Path results = out.resolve(SweepFolder.RESULTS);
        byte[] rows = Files.readAllBytes(results);
        int points = SweepFixture.rows(results).size();
        Path telemetry = out.resolve(SweepFolder.TELEMETRY);
        List<String> lines = new ArrayList<>(Files.readAllLines(telemetry));
        lines.set(1, "{ broken");
        Files.write(telemetry, lines.subList(0, Math.max(2, lines.size() - 1))); // one line broken, the last one gone
        try (Stream<Path> ck = Files.list(out.resolve(SweepFolder.CHECKPOINTS))) {
            Files.delete(ck.findFirst().orElseThrow());
        }
        assertThat(sweep(config, out)).as(err.toString()).isZero();
        assertThat(this.out.toString()).contains("repaired telemetry.jsonl line 2: unreadable, set aside in telemetry.damaged.jsonl")
                .contains("finished point(s) lost their telemetry or checkpoint: they will be rerun to restore them");
        assertThat(Files.readAllBytes(results)).as("every row kept as it was").isEqualTo(rows);
        assertThat(Files.readAllLines(telemetry)).as("one telemetry line per row again").hasSize(points);
        assertThat(Files.readAllLines(out.resolve("telemetry.damaged.jsonl"))).containsExactly("{ broken");
        try (Stream<Path> ck = Files.list(out.resolve(SweepFolder.CHECKPOINTS))) {
            assertThat(ck.count()).isEqualTo(points);
        }
    }

    @Test
    void brokenProbeLinesAreSetAsideAndMeasuredAgain() throws IOException {
        Path out = copyOfReference();
        Path probes = out.resolve(SweepFolder.PROBES);
        List<String> lines = new ArrayList<>(Files.readAllLines(probes));
        int count = lines.size();
        lines.set(0, "garbage");
        Files.write(probes, lines);
        assertThat(sweep(config, out)).as(err.toString()).isZero();
        assertThat(this.out.toString()).contains("repaired probes.jsonl line 1: unreadable, set aside in probes.damaged.jsonl");
        assertThat(Files.readAllLines(probes)).hasSize(count);
    }

    @Test
    void aFolderOfAnOlderVersionOrAFileIsRefused() throws IOException {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve(SweepFolder.RESULTS), "id,task\n", StandardCharsets.UTF_8);
        assertThat(sweep(config, old)).isEqualTo(1);
        assertThat(err.toString()).contains("holds results.csv but no sweep.json: it was written by an older version of rnnlab");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertThat(sweep(config, file)).isEqualTo(1);
        assertThat(err.toString()).contains(file + " is a file, not a folder");
        assertThat(RnnlabCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sweep", "--out", "")).isEqualTo(2);
        assertThat(err.toString()).contains("--out needs a folder name");
    }
}
