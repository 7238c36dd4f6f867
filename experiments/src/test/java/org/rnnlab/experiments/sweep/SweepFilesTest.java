package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict reading of sweep files: every error names the file, the key's own line and the key. */
class SweepFilesTest {
    @TempDir
    Path dir;

    private static SweepConfig parse(String yaml) throws InvalidSweepException {
        return SweepFiles.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "sweep.yaml").config();
    }

    @Test
    void absentKeysTakeTheEmbeddedDefaults() throws Exception {
        SweepConfig d = SweepFiles.loadDefault();
        assertThat(d.cells()).extracting(Component::label).containsExactly("rnn", "gru", "lstm");
        SweepConfig c = parse("cells: [bi-lstm]\nlengths: [3, 6]\nbudget: {steps: 10}\n");
        assertThat(c.cells()).extracting(Component::label).containsExactly("bi-lstm");
        assertThat(c.budget().steps()).containsExactly(10);
        assertThat(c.budget().batch()).as("the rest of budget from the defaults").isEqualTo(d.budget().batch());
        assertThat(c.optimizers()).isEqualTo(d.optimizers());
        assertThat(parse("# nothing but a comment\n")).isEqualTo(d);
    }

    @Test
    void malformedYamlAndUnknownKeysGetTheKeysLine() {
        assertThatThrownBy(() -> parse("cells: [rnn, gru\nlengths: [5, 10]\n  hidden: 3\n"))
                .isInstanceOf(InvalidSweepException.class).hasMessageStartingWith("sweep.yaml line ").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("cells: [rnn]\nlengths: [5, 10]\nlenghts: [3]\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'lenghts': unknown key; known: ").hasMessageContaining("lengths");
        assertThatThrownBy(() -> parse("budget:\n  steps: 10\n  batchsize: 3\n"))
                .hasMessageStartingWith("sweep.yaml line 3: key 'budget.batchsize': unknown key; known: batch, evaluate_every, steps");
        assertThatThrownBy(() -> parse("cells: [rnn]\nhidden:\n  - 8\n  - many\n"))
                .hasMessage("sweep.yaml line 4: key 'hidden[1]': must be a whole number, got the text 'many'");
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("a sweep file is a map of keys");
    }

    @Test
    void noValueIsCoerced() throws Exception {
        assertThatThrownBy(() -> parse("lengths: [5.5]\n")).hasMessage("sweep.yaml line 1: key 'lengths[0]': must be a whole number, got 5.5");
        assertThatThrownBy(() -> parse("seeds: [1.9]\n")).hasMessage("sweep.yaml line 1: key 'seeds[0]': must be a whole number, got 1.9");
        assertThatThrownBy(() -> parse("hidden: [\"8\"]\n"))
                .hasMessage("sweep.yaml line 1: key 'hidden[0]': must be a whole number, got the text '8'");
        assertThatThrownBy(() -> parse("cells: [7]\n")).hasMessage("sweep.yaml line 1: key 'cells[0]': must be a name, or a map like {name: lstm, proj_size: 16}, got 7");
        assertThatThrownBy(() -> parse("budget: {steps: true}\n")).hasMessageContaining("key 'budget.steps': must be a whole number");
        assertThatThrownBy(() -> parse("solved: {loss_fraction: \"0.1\"}\n"))
                .hasMessageContaining("key 'solved.loss_fraction': must be a number, got the text '0.1'");
        assertThatThrownBy(() -> parse("budget: 5\n")).hasMessage("sweep.yaml line 1: key 'budget': must be a map of keys, got 5");
        assertThatThrownBy(() -> parse("optimizers: [7]\n"))
                .hasMessage("sweep.yaml line 1: key 'optimizers[0]': must be a name, or a map like {name: adam, lr: 0.01}, got 7");
        assertThat(parse("optimizers: [adam]\ntasks: [adding, {name: copy}]\n").optimizers().get(0).settings()).as("a name alone")
                .isEmpty();
    }

    @Test
    void missingAndRepeatedValuesAndDuplicateKeysAreRefused() {
        assertThatThrownBy(() -> parse("lengths: [5, null]\n")).hasMessage("sweep.yaml line 1: key 'lengths[1]': a value is missing (null); write one");
        assertThatThrownBy(() -> parse("lengths:\n  - 5\n  -\n")).hasMessage("sweep.yaml line 3: key 'lengths[1]': a value is missing; write one");
        assertThatThrownBy(() -> parse("budget:\n")).hasMessageStartingWith("sweep.yaml line 1: key 'budget': ");
        assertThatThrownBy(() -> parse("cells: [rnn]\nlengths: [5]\ncells: [lstm]\n"))
                .hasMessageStartingWith("sweep.yaml line 3").hasMessageContaining("duplicate key 'cells'");
        assertThatThrownBy(() -> parse("seeds: [1, 2, 1]\n")).hasMessage("sweep.yaml line 1: key 'seeds[2]': repeats 1: each value would run twice");
    }

    @Test
    void rangeErrorsNameTheKeysOwnLine() {
        assertThatThrownBy(() -> parse("name: x\nbudget:\n  batch: 8\n  steps: 0\n  validation: 4\n"))
                .hasMessage("sweep.yaml line 4: key 'budget.steps': must be in [1, 10000000], got 0");
        assertThatThrownBy(() -> parse("cells: [rnn]\nlengths:\n  - 5\n  - 0\nhidden: [4]\n"))
                .hasMessage("sweep.yaml line 4: key 'lengths[1]': must be in [1, 100000], got 0");
        assertThatThrownBy(() -> parse("budget: {steps: 10000000, batch: 65536}\n"))
                .hasMessageContaining("key 'budget.steps': steps × batch = 655360000000 examples exceeds 2147483647");
        assertThatThrownBy(() -> parse("solved:\n  loss_fraction: 1.5\n"))
                .hasMessage("sweep.yaml line 2: key 'solved.loss_fraction': must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> parse("optimizers:\n  - {lr: 0.1}\n"))
                .hasMessageStartingWith("sweep.yaml line 2: key 'optimizers[0].name': a component needs a 'name'");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a guard against the quadratic parse coming back, not a measurement
    void sizeIsBoundedBeforeParsing() throws Exception {
        // A single long comment line made the YAML parser quadratic: refused by length before it parses.
        String longLine = "#" + "x".repeat(1 << 20) + "\ncells: [rnn]\n";
        assertThatThrownBy(() -> parse(longLine)).hasMessageContaining("more than " + SweepFiles.MAX_BYTES + " bytes");
        String longish = "#" + "x".repeat(SweepFiles.MAX_LINE + 1) + "\n";
        assertThatThrownBy(() -> parse(longish)).hasMessageStartingWith("sweep.yaml line 1: " + (SweepFiles.MAX_LINE + 2) + " bytes long");
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[SweepFiles.MAX_BYTES + 1]);
        assertThatThrownBy(() -> SweepFiles.load(big)).hasMessageContaining("a sweep file may hold at most");
        assertThatThrownBy(() -> SweepFiles.load(dir)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> SweepFiles.load(dir.resolve("absent.yaml"))).hasMessageContaining("does not exist");
        // The largest line allowed parses quickly (the bound keeps the parser's cost small).
        String ok = "#" + "x".repeat(SweepFiles.MAX_LINE - 2) + "\ncells: [rnn]\n";
        assertThat(parse(ok).cells()).extracting(Component::label).containsExactly("rnn");
    }
}
