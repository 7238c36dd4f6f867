package org.rnnlab.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX must be what {@code rnn_kernels.cu} compiles to: everywhere, the source's SHA-256 must equal the
 * stamp {@code regenerate-ptx.sh} wrote beside the PTX; where the same nvcc release exists, a fresh compile must equal
 * the committed PTX (comment lines aside: they name the compiler build).
 */
class PtxFreshnessTest {
    private static final String FIX = "run cells-gpu/regenerate-ptx.sh (needs nvcc) and commit rnn_kernels.ptx and its stamp";

    @Test
    void theSourceStampMatchesTheKernelSource() throws IOException {
        String stamp = resource("/org/rnnlab/gpu/rnn_kernels.cu.sha256").trim();
        assertThat(sha256(Files.readString(source()).replace("\r", "")))
                .as("rnn_kernels.cu changed since its PTX was generated; " + FIX).isEqualTo(stamp);
    }

    @Test
    void nvccCompilesTheSourceToTheCommittedPtx() throws IOException, InterruptedException {
        Path out = Files.createTempFile("rnn_kernels", ".ptx");
        try {
            Process nvcc;
            try {
                nvcc = new ProcessBuilder("nvcc", "-ptx", "-arch=compute_80", "-o", out.toString(), source().toString())
                        .redirectErrorStream(true).start();
            } catch (IOException noNvcc) {
                System.out.println("[ptx] skipping the fresh compile: nvcc is not on the PATH (" + noNvcc.getMessage() + ")");
                assumeTrue(false, "nvcc not on the PATH");
                return;
            }
            String log = new String(nvcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(nvcc.waitFor(120, TimeUnit.SECONDS)).as("nvcc finished").isTrue();
            if (nvcc.exitValue() != 0 && log.contains("Unsupported gpu architecture")) {
                System.out.println("[ptx] skipping the fresh compile: this nvcc predates compute_80: " + log.strip());
                assumeTrue(false, "nvcc too old for compute_80");
            }
            assertThat(nvcc.exitValue()).as("nvcc failed:%n%s", log).isZero();
            String committedPtx = resource("/org/rnnlab/gpu/rnn_kernels.ptx");
            String freshPtx = Files.readString(out);
            // Another nvcc release writes other (equally valid) PTX: compare code only between equal compilers; the
            // source stamp above still catches a stale PTX everywhere.
            String committedBy = compiler(committedPtx);
            String freshBy = compiler(freshPtx);
            if (!committedBy.equals(freshBy)) {
                System.out.println("[ptx] skipping the code comparison: the committed PTX is from '" + committedBy
                        + "', the local nvcc is '" + freshBy + "'");
                assumeTrue(false, "different nvcc release");
            }
            List<String> fresh = code(freshPtx);
            List<String> committed = code(committedPtx);
            System.out.printf("[ptx] fresh nvcc compile: %d code lines; committed: %d%n", fresh.size(), committed.size());
            assertThat(fresh).as("the committed PTX is stale against rnn_kernels.cu; " + FIX).isEqualTo(committed);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The kernel source, from the module directory (Maven) or the repository root (the device check). */
    private static Path source() {
        for (String candidate : List.of("src/main/cuda/rnn_kernels.cu", "cells-gpu/src/main/cuda/rnn_kernels.cu")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("rnn_kernels.cu not found from " + Path.of("").toAbsolutePath()
                + "; run the tests from the cells-gpu module or the repository root");
    }

    /** The "Cuda compilation tools, release …" line of a PTX header. */
    private static String compiler(String ptx) {
        return ptx.lines().filter(l -> l.contains("Cuda compilation tools")).findFirst().orElse("unknown").replace("//", "").strip();
    }

    private static List<String> code(String ptx) {
        return ptx.lines().filter(l -> !l.startsWith("//")).collect(Collectors.toList());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PtxFreshnessTest.class.getResourceAsStream(name)) {
            assertThat(in).as("resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
