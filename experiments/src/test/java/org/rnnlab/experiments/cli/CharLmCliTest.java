package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.experiments.text.SmallCorpus;

/** {@code ./rnnlab charlm} then {@code ./rnnlab generate}, and the messages for bad files and options. */
class CharLmCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RnnlabCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void trainsSavesAndGeneratesFromTheCheckpoint() throws Exception {
        Path text = dir.resolve("story.txt");
        Files.writeString(text, SmallCorpus.sentences(600, 9), StandardCharsets.UTF_8);
        Path model = dir.resolve("m.safetensors");
        assertThat(run("charlm", "--text", text.toString(), "--out", model.toString(), "--cell", "gru", "--hidden", "24", "--bptt", "16",
                "--batch", "8", "--lr", "0.01", "--minutes", "0.15", "--eval-every", "50")).as(err.toString()).isZero();
        String log = out.toString();
        assertThat(log).containsPattern("story.txt: \\d+ characters, 21 in the vocabulary \\(from the training 90%\\); unigram entropy of the "
                + "test 5%: [0-9.]+ bits per character").containsPattern("  step +50 +\\d+ s  train [0-9.]+  validation [0-9.]+ bits/char")
                .containsPattern("after \\d+ steps \\(\\d+ s, [0-9.]+ epochs\\): validation [0-9.]+, test [0-9.]+ bits per character")
                .contains("saved " + model.toAbsolutePath());
        assertThat(model).exists();

        out.getBuffer().setLength(0);
        assertThat(run("generate", "--checkpoint", model.toString(), "--prompt", "the cat", "--length", "120", "--temperature", "0.5"))
                .as(err.toString()).isZero();
        String once = out.toString();
        assertThat(once).startsWith("the cat").hasSizeGreaterThanOrEqualTo(127);
        out.getBuffer().setLength(0);
        run("generate", "--checkpoint", model.toString(), "--prompt", "the cat", "--length", "120", "--temperature", "0.5");
        assertThat(out.toString()).as("the same seed draws the same text").isEqualTo(once);
    }

    @Test
    void badTextsCheckpointsAndOptionsAreNamed() throws Exception {
        Path latin = dir.resolve("latin.txt");
        Files.write(latin, "d\u00e9j\u00e0 vu\n".repeat(50).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(run("charlm", "--text", latin.toString(), "--out", dir.resolve("x.safetensors").toString())).isNotZero();
        assertThat(err.toString()).contains(latin + " line 1, byte 1: not UTF-8");
        Path tiny = dir.resolve("tiny.txt");
        Files.writeString(tiny, "too short\n".repeat(20));
        assertThat(run("charlm", "--text", tiny.toString(), "--bptt", "50")).isEqualTo(2);
        assertThat(err.toString()).contains(tiny + " has 200 characters: its held-out 5% parts are shorter than one window of --bptt 50");
        assertThat(run("charlm", "--text", tiny.toString(), "--minutes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--minutes must be in (0, 1440], got 0.0");
        assertThat(run("charlm", "--text", tiny.toString(), "--hidden", "16", "--projection", "16")).isEqualTo(2);
        assertThat(err.toString()).contains("--projection must be in [0, 15], got 16");
        assertThat(run("generate", "--checkpoint", dir.resolve("none.safetensors").toString())).isNotZero();
        assertThat(err.toString()).contains(dir.resolve("none.safetensors").toString());
        Files.write(dir.resolve("junk.safetensors"), new byte[] {1, 2, 3});
        assertThat(run("generate", "--checkpoint", dir.resolve("junk.safetensors").toString())).isNotZero();
        assertThat(err.toString()).contains(dir.resolve("junk.safetensors").toString());
        assertThat(run("generate", "--checkpoint", "x", "--temperature", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--temperature must be finite and > 0, got -1.0");
        assertThat(err.toString()).doesNotContain("\tat org.");
    }
}
