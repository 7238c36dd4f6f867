package org.rnnlab.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the matrix-product and reduction kernels of {@code rnn_kernels.cu} on the CPU, compiled by g++ against
 * {@code src/test/cuda/cuda_emulation.h}, and checks them against naive loops (odd sizes, strides, transposes,
 * beta): their indexing is tested on machines without a GPU. Skipped where g++ (C++20) is missing.
 */
class EmulatedKernelsTest {

    @Test
    void productsAndReductionsMatchNaiveLoops() throws IOException, InterruptedException {
        Path script = null;
        for (String candidate : List.of("src/test/cuda/run-emulated.sh", "cells-gpu/src/test/cuda/run-emulated.sh")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                script = Path.of(candidate);
            }
        }
        assumeTrue(script != null, "the emulation sources are not in this working directory");
        Process probe;
        try {
            probe = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
        } catch (IOException noCompiler) {
            System.out.println("[emulated] skipping: g++ is not on the PATH");
            assumeTrue(false, "g++ not on the PATH");
            return;
        }
        Process run = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String log = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(300, TimeUnit.SECONDS)).isTrue();
        System.out.print(log.lines().map(l -> "[emulated] " + l + System.lineSeparator()).reduce("", String::concat));
        assertThat(run.exitValue()).as("emulated kernel checks:%n%s", log).isZero();
        assertThat(log).contains("all emulated kernel checks passed");
    }
}
