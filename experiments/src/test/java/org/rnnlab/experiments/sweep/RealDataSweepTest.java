package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.report.Environment;
import org.rnnlab.experiments.report.SweepReport;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.PointResult;
import org.rnnlab.experiments.sweep.store.SweepFolder;
import org.rnnlab.experiments.text.SmallCorpus;

/** Forecasting and character-level text in sweeps: their metric and references on the test split, and the report. */
class RealDataSweepTest {
    @TempDir
    Path dir;

    private static String sweep(String task, String lengths, String cells) {
        return String.join("\n", "tasks: [" + task + "]", "cells: " + cells, "lengths: " + lengths, "hidden: [16]", "seeds: [1]",
                "optimizers: [{name: adam, lr: 0.01}]", "budget: {steps: 150, batch: 16, evaluate_every: 50, validation: 64}",
                "solved: {loss_fraction: 0.5}", "refine: 0", "gradients: {length: 4}", "");
    }

    private SweepRunner.Outcome runWithReport(SweepPlan plan) throws Exception {
        SweepRunner.Outcome o = SweepFixture.run(plan, dir, 2);
        try (SweepFolder folder = SweepFolder.open(dir, plan)) {
            SweepReport.write(folder, plan, o, new SweepReport.Run(java.time.Instant.now(), 1.0, "local", Environment.here()));
        }
        return o;
    }

    @Test
    void mackeyGlassForecastsBeatPersistenceAndTheReportDrawsThem() throws Exception {
        SweepPlan plan = SweepFixture.plan(sweep("{name: series, source: mackey_glass, points: 2000}", "[8, 16]", "[gru, lstm]"));
        SweepRunner.Outcome o = runWithReport(plan);
        assertThat(o.failures()).isEmpty();
        PointResult r = o.results().get(0);
        assertThat(r.metrics().metric()).isEqualTo("nrmse");
        assertThat(r.metrics().testMetric()).isBetween(0.0, 1.0);
        try (SweepFolder folder = SweepFolder.open(dir, plan)) {
            var refs = folder.telemetry(Set.of(r.point().fingerprint()), "references");
            double persistence = refs.get(r.point().fingerprint()).get("persistence").asDouble();
            assertThat(persistence).isBetween(0.02, 0.5);
            assertThat(o.results()).filteredOn(p -> p.length() == 16).allSatisfy(p -> assertThat(p.metrics().testMetric())
                    .as("a trained one-step forecast beats the last value seen").isLessThan(persistence));
            var sample = folder.telemetry(Set.of(r.point().fingerprint()), "sample").get(r.point().fingerprint());
            assertThat(sample.get("actual").size()).as("the test split's 300 steps less one window of 8").isEqualTo(292)
                    .isEqualTo(sample.get("predicted").size());
        }
        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("## The metric on the test split")
                .containsPattern("\\| series\\(points=2000 source=mackey_glass\\) \\| gru \\| 16 \\| .* \\| nrmse "
                + "\\| [0-9.]+ \\| [0-9.]+ \\| persistence [0-9.]+ \\|");
        assertThat(dir.resolve("forecast_series_points_2000_source_mackey_glass_.png")).exists();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("forecast_series_points_2000_source_mackey_glass_.png");
    }

    @Test
    void characterTextClimbsALadderOfWindowsInBitsPerCharacter() throws Exception {
        Path text = dir.resolve("corpus.txt");
        Files.writeString(text, SmallCorpus.sentences(1500, 5), StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        SweepPlan plan = SweepFixture.plan(sweep("{name: text, file: \"" + text + "\"}", "[5, 20]", "[gru]"));
        assertThat(plan.task(plan.series().get(0)).inputSize()).as("21 characters and the unknown one").isEqualTo(22);
        SweepRunner.Outcome o = SweepFixture.run(plan, out, 2);
        assertThat(o.failures()).isEmpty();
        assertThat(o.results()).extracting(PointResult::length).containsExactly(5, 20);
        PointResult r = o.results().get(1);
        assertThat(r.metrics().metric()).isEqualTo("bits_per_char");
        double unigramBits = r.metrics().baseline() / Math.log(2);
        assertThat(r.metrics().testMetric()).as("a grammar of three slots learned from windows of 20").isLessThan(0.6 * unigramBits);
        assertThat(r.metrics().validationMetric()).isLessThan(0.6 * unigramBits);
    }

    @Test
    void badTextAndSeriesSettingsAreRefusedAtLoadWithTheKey() throws Exception {
        Path latin = dir.resolve("latin1.txt");
        Files.write(latin, "caf\u00e9 au lait, encore du caf\u00e9\n".repeat(100).getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> SweepFixture.plan(sweep("{name: text, file: \"" + latin + "\"}", "[5]", "[gru]")))
                .hasMessageContaining("key 'tasks[0].file'").hasMessageContaining(latin + " line 1, byte 3: not UTF-8");
        assertThatThrownBy(() -> SweepFixture.plan(sweep("{name: text}", "[5]", "[gru]"))).hasMessageContaining("'file' names the UTF-8 text");
        Path small = dir.resolve("small.txt");
        Files.writeString(small, "a tiny text of a few words, far too short for long windows\n".repeat(10));
        assertThatThrownBy(() -> SweepFixture.plan(sweep("{name: text, file: \"" + small + "\"}", "[5, 100]", "[gru]")))
                .hasMessageContaining("key 'lengths[1]'").hasMessageContaining("a window of 100 characters does not fit the 29 characters");
        assertThatThrownBy(() -> SweepFixture.plan(sweep("{name: series, source: csv, file: \"" + dir.resolve("none.csv") + "\"}", "[5]",
                "[gru]"))).hasMessageContaining("key 'tasks[0].file'").hasMessageContaining(dir.resolve("none.csv") + ": no such file");
    }

    /** The text's content is in every point's fingerprint: gzipped or not the same, one character changed another. */
    @Test
    void theDataIsInTheFingerprintAndAWorkerReadingOtherDataRefuses() throws Exception {
        String corpus = SmallCorpus.sentences(300, 5);
        Path plain = dir.resolve("a.txt");
        Files.writeString(plain, corpus);
        Path gz = dir.resolve("a.txt.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(corpus.getBytes(StandardCharsets.UTF_8));
        }
        Path changed = dir.resolve("b.txt");
        Files.writeString(changed, corpus.replaceFirst("cat", "cot"));
        java.util.function.Function<Path, String> digest = f -> org.rnnlab.experiments.tasks.TaskRegistry.discover()
                .create("text", java.util.Map.of("file", f.toString())).dataDigest();
        assertThat(digest.apply(plain)).matches("[0-9a-f]{32}").isEqualTo(digest.apply(gz)).isNotEqualTo(digest.apply(changed));

        SweepPlan plan = SweepFixture.plan(sweep("{name: text, file: \"" + plain + "\"}", "[5]", "[gru]"));
        var series = plan.series().get(0);
        var planned = plan.point(series, 5);
        var forged = new org.rnnlab.experiments.sweep.plan.Point(series, 5, "0".repeat(32));
        var worker = new org.rnnlab.experiments.sweep.work.Worker(plan, org.rnnlab.api.CellRegistry.discover(),
                org.rnnlab.optimizers.TrainingComponents.discover(), "executor-7");
        assertThat(worker.run(new org.rnnlab.experiments.sweep.work.Work.Train(forged))).isInstanceOfSatisfying(
                org.rnnlab.experiments.sweep.work.WorkResult.Failed.class, f -> assertThat(f.error()).contains("reads other data here "
                        + "(executor-7) than where the sweep was planned"));
        assertThat(planned.fingerprint()).isNotEqualTo(forged.fingerprint());
    }
}
