package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SweepFilesTest {
    private static SweepConfig parse(String yaml) throws InvalidSweepException {
        return SweepFiles.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "sweep.yaml");
    }

    @Test
    void theEmbeddedDefaultSweepEqualsTheDefaults() throws Exception {
        SweepConfig d = SweepFiles.loadDefault();
        assertThat(d).isEqualTo(SweepConfig.defaults());
        assertThat(d.cells()).containsExactly("rnn", "gru", "lstm");
    }

    @Test
    void absentKeysTakeTheDefaults() throws Exception {
        SweepConfig c = parse("cells: [bi-lstm]\nlengths: [3, 6]\nbudget: {steps: 10}\n");
        assertThat(c.cells()).containsExactly("bi-lstm");
        assertThat(c.budget().steps()).isEqualTo(10);
        assertThat(c.budget().batch()).isEqualTo(32);
        assertThat(c.optimizers().get(0).name()).isEqualTo("adam");
    }

    @Test
    void malformedYamlGetsTheLineNumber() {
        assertThatThrownBy(() -> parse("cells: [rnn, gru\nlengths: [5, 10]\n  hidden: 3\n"))
                .isInstanceOf(InvalidSweepException.class).hasMessageStartingWith("sweep.yaml line ").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("cells: [rnn]\nlengths: [5, 10]\nlenghts: [3]\n"))
                .hasMessageStartingWith("sweep.yaml line 3: unknown key 'lenghts'; known: ")
                .hasMessageContaining("lengths");
        assertThatThrownBy(() -> parse("cells: [rnn]\nhidden:\n  - 8\n  - many\n"))
                .hasMessageStartingWith("sweep.yaml line 4: key 'hidden[1]'");
        assertThatThrownBy(() -> parse("tasks: [adding]\ncells: [lstn x]\n"))
                .hasMessageStartingWith("sweep.yaml line ").hasMessageContaining("'lstn x' is not a valid name");
        assertThatThrownBy(() -> parse("tasks: [adder]\n"))
                .hasMessageContaining("unknown task 'adder'; known: adding, copy, temporal_order, pattern, running_mean, echo");
        assertThatThrownBy(() -> parse("budget:\n  steps: 0\n")).hasMessageStartingWith("sweep.yaml line ").hasMessageContaining("budget");
        assertThatThrownBy(() -> parse("optimizers:\n  - {lr: 0.1}\n")).hasMessageContaining("needs a 'name'");
        assertThatThrownBy(() -> parse("initializations: [he]\n")).hasMessageContaining("unknown initialization 'he'; known: pytorch");
    }
}
