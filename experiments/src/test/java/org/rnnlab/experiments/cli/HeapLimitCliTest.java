package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A model larger than the heap is refused before it is allocated, saying how much it needs, how much the heap has and
 * how to raise it — in a JVM of a known, small heap, so the test means the same on every machine.
 */
class HeapLimitCliTest {
    @Test
    void aModelLargerThanTheHeapIsRefusedWithTheFiguresNotAnOutOfMemoryError() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RnnlabCli.class.getName(), "demo", "--hidden",
                "20000").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("rnnlab: a float32 tensor of shape [80000, ").contains("needs 6.0 GiB, but the Java heap has ")
                .contains("free of 256.0 MiB at most. Give the JVM more heap (for ./rnnlab: RNNLAB_JAVA_OPTS=-Xmx")
                .doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    }
}
