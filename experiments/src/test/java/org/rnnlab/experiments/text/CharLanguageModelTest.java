package org.rnnlab.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.checkpoint.ParameterFiles;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.NonFinitePolicy;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.TrainingComponents;

/** Stateful streams, training below the unigram entropy, sampling, and checkpoints that keep the vocabulary. */
class CharLanguageModelTest {
    private static final CellRegistry REGISTRY = CellRegistry.discover();

    @TempDir
    Path dir;

    @Test
    void vocabularyMapsUnknownCharactersToSymbolZeroAndRoundTripsThroughJson() {
        Vocabulary v = Vocabulary.of("banana\uD83D\uDE00");
        assertThat(v.size()).isEqualTo(5);
        assertThat(v.encode("nab?\uD83D\uDE00")).containsExactly(3, 1, 2, 0, 4);
        assertThat(v.decode(4)).isEqualTo("\uD83D\uDE00");
        assertThat(Vocabulary.fromJson(v.toJson())).isEqualTo(v);
        assertThatThrownBy(() -> Vocabulary.fromJson("[98, 97]")).hasMessageContaining("ascending Unicode code points");
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"a\":1}")).hasMessageContaining("not a JSON array of code points");
        StringBuilder many = new StringBuilder();
        for (int c = 0x4E00; c < 0x4E00 + Vocabulary.MAX_CHARACTERS + 1; c++) {
            many.appendCodePoint(c);
        }
        assertThatThrownBy(() -> Vocabulary.of(many.toString())).hasMessageContaining("a vocabulary of 4097 distinct characters");
        assertThat(Vocabulary.unigramBits(new int[] {1, 2, 1, 2}, 3)).isEqualTo(1.0);
    }

    /** The state is carried from window to window: short windows score exactly what one long window does. */
    @Test
    void streamsCarryTheStateAcrossWindows() {
        String text = SmallCorpus.sentences(20, 3);
        Vocabulary v = Vocabulary.of(text);
        int[] s = java.util.Arrays.copyOf(v.encode(text), 61);
        try (CharLanguageModel m = new CharLanguageModel(v, new CharLanguageModel.Shape("lstm", 12, 2, 4), REGISTRY)) {
            double windows = m.bitsPerChar(s, 1, 6);
            double whole = m.bitsPerChar(s, 1, 60);
            assertThat(windows).isCloseTo(whole, within(1e-5));
            assertThat(windows).as("a fresh model is near log2 V").isCloseTo(Math.log(v.size()) / Math.log(2), within(0.5));
        }
    }

    /**
     * An LSTM whose h is projected to P = 5 of H = 12: the head reads P features, the carried state is h [N, P] and
     * c [N, H], and the checkpoint keeps the projection (weight_hr_l0, weight_hr_l1) and gives back the same scores.
     */
    @Test
    void aProjectedLstmCarriesItsStateAndItsCheckpointKeepsTheProjection() throws IOException {
        String text = SmallCorpus.sentences(20, 3);
        Vocabulary v = Vocabulary.of(text);
        int[] s = java.util.Arrays.copyOf(v.encode(text), 61);
        CharLanguageModel.Shape shape = new CharLanguageModel.Shape("lstm", 12, 2, 4, 5);
        Path file = dir.resolve("projected.safetensors");
        double windows;
        try (CharLanguageModel m = new CharLanguageModel(v, shape, REGISTRY)) {
            assertThat(m.parameters().get("weight_hr_l1").shape()).containsExactly(5, 12);
            assertThat(m.parameters().get("weight_ih_l1").shape()).as("layer 1 reads P").containsExactly(48, 5);
            assertThat(m.parameters().get("head.weight").shape()).containsExactly(v.size(), 5);
            windows = m.bitsPerChar(s, 1, 6);
            // The same arithmetic in another grouping of steps: float32 rounding of 60 steps.
            assertThat(windows).isCloseTo(m.bitsPerChar(s, 1, 60), within(1e-5));
            m.save(file, Map.of());
        }
        try (CharLanguageModel back = CharLanguageModel.load(file, REGISTRY)) {
            assertThat(back.shape()).isEqualTo(shape);
            assertThat(back.bitsPerChar(s, 1, 6)).isEqualTo(windows);
        }
        assertThatThrownBy(() -> new CharLanguageModel.Shape("lstm", 12, 1, 1, 12))
                .hasMessage("projection must be 0 (none) or in [1, hidden) = [1, 12), got 12");
    }

    @Test
    void trainingGoesWellBelowTheUnigramEntropyAndTheCheckpointKeepsEverything() throws IOException {
        String train = SmallCorpus.sentences(400, 1);
        String held = SmallCorpus.sentences(60, 2);
        Vocabulary v = Vocabulary.of(train);
        int[] ts = v.encode(train);
        int[] hs = v.encode(held);
        double unigram = Vocabulary.unigramBits(hs, v.size());
        TrainingComponents c = TrainingComponents.discover();
        Path file = dir.resolve("m.safetensors");
        double trained;
        String sample;
        try (CharLanguageModel m = new CharLanguageModel(v, new CharLanguageModel.Shape("gru", 32, 1, 7), REGISTRY)) {
            OptimizerState opt = m.optimizer(c.optimizer("adam", Map.of("lr", 0.01)));
            GradientProcessor gp = new GradientProcessor(c.clipping("global_norm", Map.of("max_norm", 5.0)), NonFinitePolicy.SKIP_STEP);
            CharLanguageModel.Streams st = m.streams(ts, 8, 20);
            for (int step = 1; step <= 300; step++) {
                assertThat(m.trainStep(st, opt, gp, step, 0.01).bitsPerChar()).isFinite();
            }
            trained = m.bitsPerChar(hs, 4, 20);
            sample = m.sample("the ", 200, 0.5, 11);
            m.save(file, Map.of("note", "test"));
        }
        assertThat(trained).as("held-out bits per character, against the unigram entropy %.3f", unigram).isLessThan(0.6 * unigram);
        assertThat(sample).hasSize(200).doesNotContain("\uFFFD").contains(" ");
        assertThat(sample.chars().filter(ch -> !train.contains(String.valueOf((char) ch))).count()).isZero();
        try (CharLanguageModel back = CharLanguageModel.load(file, REGISTRY)) {
            assertThat(back.vocabulary()).isEqualTo(v);
            assertThat(back.shape()).isEqualTo(new CharLanguageModel.Shape("gru", 32, 1, 7));
            assertThat(back.bitsPerChar(hs, 4, 20)).isEqualTo(trained);
            assertThat(back.sample("the ", 200, 0.5, 11)).isEqualTo(sample);
        }
    }

    @Test
    void temperaturesAndCheckpointsThatAreNotCharacterModelsAreRefused() throws IOException {
        Vocabulary v = Vocabulary.of("abc");
        try (CharLanguageModel m = new CharLanguageModel(v, new CharLanguageModel.Shape("rnn", 4, 1, 1), REGISTRY)) {
            assertThatThrownBy(() -> m.sample("a", 5, 0, 1)).hasMessage("the temperature must be finite and > 0, got 0.0");
            assertThatThrownBy(() -> m.sample("a", 5, Double.NaN, 1)).hasMessageContaining("finite and > 0");
            assertThatThrownBy(() -> m.streams(new int[10], 4, 5)).hasMessage("a text of 10 characters is too short for 4 streams of windows "
                    + "of 5 (it needs 24)");
        }
        Path other = dir.resolve("other.safetensors");
        ParameterFiles.save(other, Map.of("w", Tensor.zeros(Precision.FLOAT32, 2)), Map.of());
        assertThatThrownBy(() -> CharLanguageModel.load(other, REGISTRY)).isInstanceOf(IOException.class)
                .hasMessageContaining(other + " is not a character model's checkpoint");
    }
}
