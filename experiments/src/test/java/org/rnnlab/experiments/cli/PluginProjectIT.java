package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party cell, end to end, as the README tells an author to make it: the project in {@code plugin-template/}
 * (JANET, its pom inheriting {@code rnnlab-plugin-parent}) is copied, built with Maven offline against the rnnlab
 * artifacts of this build (its float32 twin generated from {@code JanetF64.java}), its contract tests run in both
 * precisions (a nonzero count, all passing), and its jar is handed to {@code ./rnnlab} through {@code RNNLAB_PLUGINS} for
 * a float64 and a float32 sweep, the gradient probe and the benchmark.
 */
class PluginProjectIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir
    Path dir;

    @Test
    void aPluginBuiltFromTheTemplatePassesTheKitAndRunsInSweepsOfBothPrecisionsGradientsAndBenchmarks() throws Exception {
        installRnnlabArtifacts();
        Path project = dir.resolve("janet-cell");
        copy(ROOT.resolve("plugin-template"), project);
        Run build = run(project, Map.of(), "mvn", "-B", "-o", "verify");
        assertThat(build.code()).as(build.output()).isZero();
        String report = Files.readString(project.resolve("target/surefire-reports/com.example.janet.JanetContractTest.txt"));
        assertThat(report).containsPattern("Tests run: [1-9]\\d*, Failures: 0, Errors: 0, Skipped: 0");
        Path twin = project.resolve("target/generated-sources/float32-steps/com/example/janet/JanetF32.java");
        assertThat(Files.readString(twin)).startsWith("// GENERATED from its float64 source").contains("class JanetF32 implements StepCellF32");
        assertThat(Files.readString(project.resolve("target/surefire-reports/TEST-com.example.janet.JanetContractTest.xml")))
                .as("the kit's float32 cases ran").contains("float32AgreesWithFloat64OnTheSameWeights")
                .contains("janet-plugin janet float32 finite differences");
        Path jar = project.resolve("target/janet-cell-1.0.0.jar");
        assertThat(jar).exists();
        Map<String, String> env = Map.of("RNNLAB_PLUGINS", jar.toString());

        Run backends = run(ROOT, env, "./rnnlab", "backends");
        assertThat(backends.output()).contains("janet-plugin").contains("kinds janet").contains("Plugin jars: " + jar)
                .contains("per-step cells unrolled by rnnlab (float32, float64)");

        Path config = dir.resolve("janet.yaml");
        Files.writeString(config, String.join("\n", "name: janet", "cells: [janet, lstm]", "lengths: [2, 4]", "hidden: [8]", "seeds: [1]",
                "optimizers: [{name: adam, lr: 0.01}]", "refine: 0",
                "precision: float64", "budget: {steps: 60, evaluate_every: 30, validation: 32, batch: 8}", "gradients: {length: 8}", ""));
        Path out = dir.resolve("sweep-out");
        Run sweep = run(ROOT, env, "./rnnlab", "sweep", "--config", config.toString(), "--out", out.toString(), "--no-progress");
        assertThat(sweep.code()).as(sweep.output()).isZero();
        assertThat(Files.readString(out.resolve("results.csv"))).contains(",janet,").contains(",lstm,");
        assertThat(Files.readString(out.resolve("probes.jsonl"))).contains("\"cell\":\"janet\"");
        assertThat(out.resolve("report.html")).exists();

        // The same cells in float32: the plugin's generated twin, the cpu backend's float32 LSTM.
        Path config32 = dir.resolve("janet32.yaml");
        Files.writeString(config32, Files.readString(config).replace("precision: float64", "precision: float32"));
        Path out32 = dir.resolve("sweep-out-32");
        Run sweep32 = run(ROOT, env, "./rnnlab", "sweep", "--config", config32.toString(), "--out", out32.toString(), "--no-progress");
        assertThat(sweep32.code()).as(sweep32.output()).isZero();
        assertThat(Files.readString(out32.resolve("results.csv"))).contains(",janet,").contains(",lstm,");
        assertThat(Files.readString(out32.resolve("sweep.json"))).containsPattern("\"precision\" ?: ?\"float32\"");

        Run gradients = run(ROOT, env, "./rnnlab", "gradients", "--cells", "janet,lstm", "--length", "20");
        assertThat(gradients.code()).as(gradients.output()).isZero();
        assertThat(gradients.output()).containsPattern("(?m)^janet +janet-plugin +\\d");

        Run bench = run(ROOT, env, "./rnnlab", "bench", "--backends", "janet-plugin,reference", "--cells", "janet,lstm", "--shape",
                "N2,H8,T5");
        assertThat(bench.code()).as(bench.output()).isZero();
        // In float32 (no * after the time, and no float64 footnote): the plugin offers it.
        assertThat(bench.output()).contains("janet-plugin ms").containsPattern("(?m)^janet N2 H8 X8 T5 +\\d+\\.\\d\\d ")
                .doesNotContain("* float64");
    }

    /** Installs what the template's build resolves: the parents' poms, api with its test-jar, the contract kit. */
    private void installRnnlabArtifacts() throws Exception {
        install("-Dfile=" + ROOT.resolve("pom.xml"), "-DpomFile=" + ROOT.resolve("pom.xml"));
        install("-Dfile=" + ROOT.resolve("plugin-parent/pom.xml"), "-DpomFile=" + ROOT.resolve("plugin-parent/pom.xml"));
        install("-Dfile=" + ROOT.resolve("contract-kit/pom.xml"), "-DpomFile=" + ROOT.resolve("contract-kit/pom.xml"));
        install("-Dfile=" + ROOT.resolve("api/target/api-" + VERSION + ".jar"), "-DpomFile=" + ROOT.resolve("api/pom.xml"));
        install("-Dfile=" + ROOT.resolve("api/target/api-" + VERSION + "-tests.jar"), "-DpomFile=" + ROOT.resolve("api/pom.xml"),
                "-Dclassifier=tests");
    }

    private void install(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file"));
        cmd.addAll(List.of(args));
        Run r = run(dir, Map.of(), cmd.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", cmd) + "\n" + r.output()).isZero();
    }

    private record Run(int code, String output) {
    }

    private Run run(Path in, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".log");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        b.environment().remove("RNNLAB_BACKEND");
        Process p = b.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (p.toString().contains("/target")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
