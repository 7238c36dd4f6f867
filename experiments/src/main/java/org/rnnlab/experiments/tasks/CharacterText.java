package org.rnnlab.experiments.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.SoftmaxCrossEntropy;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.experiments.data.DataDigest;
import org.rnnlab.experiments.data.TextFile;
import org.rnnlab.experiments.text.Vocabulary;
import org.rnnlab.optimizers.Settings;
import org.rnnlab.optimizers.training.Batch;
import org.rnnlab.optimizers.training.Dataset;

/**
 * Character-level language modelling for sweeps: the ladder's length is the BPTT window, every example a window of a
 * UTF-8 text read from a zero state, the next character predicted at every step (softmax cross-entropy over the
 * vocabulary of the training part; bits per character reported). The text is split in reading order: the first 90%
 * trains, the next 5% validates, the last 5% tests; each split is cut into consecutive windows. The baseline is the
 * unigram entropy of the training part (in nats): a model that has learned nothing from context scores it.
 *
 * <p>Stateful training with the state carried across windows is {@code ./rnnlab charlm}; this task asks how long a
 * window each cell can learn from, the question of the memory-limit ladder.
 */
public final class CharacterText implements Task {
    /** A text read and encoded (once per JVM: {@link TaskRegistry} builds a task once per settings). */
    private record Corpus(Vocabulary vocabulary, int[] symbols, int trainEnd, int validationEnd, double unigramNats, String digest) {
    }

    private final String label;
    private final Corpus corpus;

    private CharacterText(String label, Corpus corpus) {
        this.label = label;
        this.corpus = corpus;
    }

    /**
     * From settings: {@code file}, a UTF-8 text (gzipped or not).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static CharacterText create(String name, Settings s) {
        String file = s.text("file", "");
        s.finish();
        if (file.isBlank()) {
            throw new IllegalArgumentException("task '" + name + "': 'file' names the UTF-8 text to model, e.g. {name: text, file: book.txt}");
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        try {
            return new CharacterText(path.getFileName().toString(), read(path));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("task '" + name + "': 'file': " + e.getMessage(), e);
        }
    }

    private static Corpus read(Path path) throws IOException {
        int[] cps = TextFile.read(path).codePoints().toArray();
        int trainEnd = (int) (cps.length * 0.90);
        int validationEnd = (int) (cps.length * 0.95);
        Vocabulary v;
        try {
            v = Vocabulary.of(new String(cps, 0, trainEnd));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        int[] symbols = v.encode(new String(cps, 0, cps.length));
        double nats = Vocabulary.unigramBits(java.util.Arrays.copyOf(symbols, trainEnd), v.size()) * Math.log(2);
        return new Corpus(v, symbols, trainEnd, validationEnd, nats, new DataDigest().add(cps).hex());
    }

    @Override
    public String name() {
        return "text";
    }

    /** SHA-256 of the text's characters. */
    @Override
    public String dataDigest() {
        return corpus.digest();
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToManySynced();
    }

    @Override
    public int inputSize() {
        return corpus.vocabulary().size();
    }

    @Override
    public int outputSize() {
        return corpus.vocabulary().size();
    }

    @Override
    public Loss loss() {
        return new SoftmaxCrossEntropy();
    }

    @Override
    public Metric metric() {
        return Metric.BITS_PER_CHARACTER;
    }

    /** The unigram entropy of the training part, in nats per character. */
    @Override
    public double baselineLoss(int length) {
        return corpus.unigramNats();
    }

    @Override
    public void checkLength(int length) {
        int shortest = Math.min(corpus.validationEnd() - corpus.trainEnd(), corpus.symbols().length - corpus.validationEnd());
        if (length < 1 || length + 1 > shortest) {
            throw new IllegalArgumentException("a window of " + length + " characters does not fit the " + shortest + " characters of the "
                    + "smallest held-out part (5%) of " + label + "; use windows of at most " + (shortest - 1) + " or a longer text");
        }
    }

    @Override
    public Splits splits(int length, DataRequest r) {
        checkLength(length);
        int validationWindows = Math.max(1, Math.min(r.validationExamples(), (corpus.validationEnd() - corpus.trainEnd() - 1) / length));
        return new Splits(new Windows(0, corpus.trainEnd(), length, Integer.MAX_VALUE, r.precision()),
                new Windows(corpus.trainEnd(), corpus.validationEnd(), length, validationWindows, r.precision()),
                new Windows(corpus.validationEnd(), corpus.symbols().length, length, Integer.MAX_VALUE, r.precision()));
    }

    /** The unigram entropy of the test part in bits per character: what a model that ignores context scores there. */
    @Override
    public Map<String, Double> references(Splits splits) {
        int[] s = corpus.symbols();
        return Map.of("unigram", Vocabulary.unigramBits(java.util.Arrays.copyOfRange(s, corpus.validationEnd(), s.length),
                corpus.vocabulary().size()));
    }

    /** Consecutive windows of a part of the text: example i reads [from + iT, from + iT + T) and predicts one further. */
    private final class Windows implements Dataset {
        private final int from;
        private final int length;
        private final int count;
        private final Precision precision;

        Windows(int from, int to, int length, int most, Precision precision) {
            this.from = from;
            this.length = length;
            this.count = Math.min(most, (to - from - 1) / length);
            this.precision = precision;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Batch batch(int[] indices) {
            int n = indices.length;
            int v = corpus.vocabulary().size();
            int[] s = corpus.symbols();
            Tensor input = Tensor.zeros(precision, length, n, v);
            Tensor target = Tensor.zeros(precision, length, n);
            for (int b = 0; b < n; b++) {
                if (indices[b] < 0 || indices[b] >= count) {
                    throw new IndexOutOfBoundsException("window " + indices[b] + " of a split of " + count);
                }
                int start = from + indices[b] * length;
                for (int t = 0; t < length; t++) {
                    input.set((t * n + b) * v + s[start + t], 1);
                    target.set(t * n + b, s[start + t + 1]);
                }
            }
            return new Batch(input, target, null, null, null);
        }
    }
}
