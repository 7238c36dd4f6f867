package org.rnnlab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlab.experiments.cli.RnnlabCli;

/**
 * Every bad name or setting of a sweep file stops {@code ./rnnlab sweep} before anything runs: exit 1, one message with
 * the file, the key's line and what is allowed, and no output folder.
 */
class SweepConfigCliTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown optimizer       | optimizers:\\n  - {name: adamx, lr: 0.01}           | line 2: key 'optimizers[0].name': unknown optimizer 'adamx'; known: adagrad, adam, adamw, rmsprop, sgd
            negative learning rate  | optimizers:\\n  - name: adam\\n    lr: -1            | line 3: key 'optimizers[0].lr': optimizer 'adam': 'lr' must be in [0, ∞), got -1.0
            beta beyond 1           | optimizers:\\n  - {name: adam, betas: [1.5, 0.9]}    | line 2: key 'optimizers[0].betas[0]': optimizer 'adam': 'betas[0]' must be in [0, 1), got 1.5
            negative max_norm       | clipping:\\n  - name: global_norm\\n    max_norm: -1 | line 3: key 'clipping[0].max_norm': clipping 'global_norm': max_norm must be finite and > 0, got -1.0
            unknown cell kind       | cells: [rnn, lstn]                                   | line 1: key 'cells[1]': unknown cell kind 'lstn'; known: 
            unknown backend         | backend: tpu                                         | line 1: key 'backend': unknown backend 'tpu'; known: auto, 
            fractional length       | lengths: [5.5]                                       | line 1: key 'lengths[0]': must be a whole number, got 5.5
            fractional seed         | seeds: [1.9]                                         | line 1: key 'seeds[0]': must be a whole number, got 1.9
            quoted hidden size      | hidden: ["8"]                                        | line 1: key 'hidden[0]': must be a whole number, got the text '8'
            duplicate key           | cells: [rnn]\\nlengths: [5]\\ncells: [lstm]           | line 3, column 6: duplicate key 'cells': write each key once
            missing length          | lengths: [5, null]                                   | line 1: key 'lengths[1]': a value is missing (null); write one
            unknown engine          | engine: flink                                        | line 1: key 'engine': engine 'flink' is not on the class path; known here: local
            """)
    void isRefusedBeforeAnythingRuns(String name, String yaml, String message) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, yaml.replace("\\n", "\n") + "\n");
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        int code = RnnlabCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "sweep", "--config",
                config.toString(), "--out", out.toString(), "--no-progress");
        assertThat(code).as(name).isEqualTo(1);
        assertThat(err.toString()).as(name).startsWith("rnnlab: " + config + " " + message.strip()).doesNotContain("\tat ");
        assertThat(out).as("nothing written").doesNotExist();
    }
}
