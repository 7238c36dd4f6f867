package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.PointResult;

/**
 * Sequential images from an MNIST-format folder that the test writes: two classes of 8 × 8 images (a bright top half
 * or a bright bottom half, with noise), read row by row, pixel by pixel, and in a permuted order.
 */
class SequentialImagesSweepTest {
    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeAnMnistFormatFolder() throws IOException {
        write("train", 400, 1);
        write("t10k", 100, 2);
    }

    private static void write(String prefix, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] images = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(2);
            labels[i] = (byte) label;
            for (int p = 0; p < 64; p++) {
                boolean bright = (p < 32) == (label == 0);
                images[i * 64 + p] = (byte) Math.min(255, (bright ? 160 : 20) + r.nextInt(60));
            }
        }
        Files.write(data.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(header(new int[] {n, 8, 8}, images)));
        Files.write(data.resolve(prefix + "-labels-idx1-ubyte"), header(new int[] {n}, labels));
    }

    private static byte[] header(int[] dims, byte[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0x08, (byte) dims.length});
        for (int d : dims) {
            out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        out.writeBytes(values);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    private String sweep(String variant, String lengths) {
        return String.join("\n", "tasks: [{name: mnist, variant: " + variant + ", data_dir: \"" + data + "\"}]", "cells: [gru]",
                "lengths: " + lengths, "hidden: [8]", "seeds: [1]", "optimizers: [{name: adam, lr: 0.02}]",
                "budget: {steps: 60, batch: 16, evaluate_every: 30, validation: 50}", "solved: {loss_fraction: 0.3}",
                "refine: 0", "gradients: {length: 4}", "");
    }

    @Test
    void rowByRowImagesTrainAndReportTestAccuracy() throws Exception {
        SweepRunner.Outcome o = SweepFixture.run(SweepFixture.plan(sweep("row", "[8]")), dir, 2);
        PointResult r = o.results().get(0);
        assertThat(r.metrics().metric()).isEqualTo("accuracy");
        assertThat(r.metrics().baseline()).isEqualTo(Math.log(2));
        assertThat(r.metrics().testMetric()).as("two easy classes").isGreaterThan(0.9);
        assertThat(o.failures()).isEmpty();
    }

    @Test
    void pixelVariantsClimbALadderOfDownsamplings() throws Exception {
        SweepPlan plan = SweepFixture.plan(sweep("permuted", "[4, 16, 64]"));
        assertThat(plan.task(plan.series().get(0)).inputSize()).isEqualTo(1);
        SweepRunner.Outcome o = SweepFixture.run(plan, dir, 2);
        assertThat(o.results()).extracting(PointResult::length).startsWith(4);
        assertThat(o.failures()).isEmpty();
    }

    @Test
    void lengthsAndFoldersTheTaskCannotUseAreRefusedAtLoad() {
        assertThatThrownBy(() -> SweepFixture.plan(sweep("pixel", "[4, 30]")))
                .hasMessageContaining("key 'lengths[1]': task 'mnist(data_dir=").hasMessageContaining("the pixel variant of 8 × 8 images makes "
                        + "sequences of [64, 16, 4, 1] steps, not 30");
        assertThatThrownBy(() -> SweepFixture.plan(sweep("row", "[28]"))).hasMessageContaining("makes sequences of [8] steps, not 28");
        assertThatThrownBy(() -> SweepFixture.plan(sweep("diagonal", "[8]"))).hasMessageContaining("'variant' must be row, pixel or permuted");
        assertThatThrownBy(() -> SweepFixture.plan(sweep("row", "[8]").replace(data.toString(), data.resolve("nowhere").toString())))
                .hasMessageContaining("key 'tasks[0].data_dir': task 'mnist': 'data_dir' " + data.resolve("nowhere") + " is not a folder");
        assertThatThrownBy(() -> SweepFixture.plan(sweep("row", "[8]").replace("variant: row", "variant: row, colour: blue")))
                .hasMessageContaining("task 'mnist': unknown setting 'colour'; known: data_dir, permutation_seed, variant");
    }

    @Test
    void aDamagedFileInTheFolderIsNamed() throws Exception {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte"}) {
            Files.copy(data.resolve(f), broken.resolve(f));
        }
        Files.write(broken.resolve("t10k-labels-idx1-ubyte"), header(new int[] {99}, new byte[99]));
        assertThatThrownBy(() -> SweepFixture.plan(sweep("row", "[8]").replace(data.toString(), broken.toString())))
                .hasMessageContaining(broken.resolve("t10k-labels-idx1-ubyte") + ": [99] labels for 100 images");
    }
}
