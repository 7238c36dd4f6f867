package org.rnnlab.experiments.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.checkpoint.Checkpoint;
import org.rnnlab.api.checkpoint.ParameterFiles;
import org.rnnlab.api.checkpoint.SafeTensors;
import org.rnnlab.api.layers.LinearHead;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.NetworkGradients;
import org.rnnlab.api.layers.NetworkPass;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.Phase;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.api.layers.SoftmaxCrossEntropy;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.NonFinitePolicy;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.StepTelemetry;
import org.rnnlab.optimizers.TrainingComponents;

/**
 * A character-level language model: one-hot characters into a recurrent network, a linear head to logits over the
 * vocabulary, softmax cross-entropy on the next character at every step. Trained statefully: the training text is cut
 * into {@code batch} contiguous streams, each step reads the next {@code bptt} characters of every stream starting
 * from the state the previous step ended in, and back-propagates through those {@code bptt} steps only (truncated BPTT).
 * Evaluated the same way over held-out text, in bits per character.
 */
public final class CharLanguageModel implements AutoCloseable {
    private static final Loss LOSS = new SoftmaxCrossEntropy();
    private static final String HEAD = "head.";

    /**
     * The model's shape, kept in its checkpoint.
     *
     * @param cell       cell kind
     * @param hidden     H
     * @param layers     stacked layers
     * @param seed       seed of the weights
     * @param projection P, an LSTM's {@code proj_size} (0: none): h, each layer's output and the head's input have P values
     */
    public record Shape(String cell, int hidden, int layers, long seed, int projection) {
        /** Validates. */
        public Shape {
            if (hidden < 1 || hidden > 4096 || layers < 1 || layers > 8) {
                throw new IllegalArgumentException("hidden must be in [1, 4096] and layers in [1, 8], got " + hidden + " and " + layers);
            }
            if (projection < 0 || projection >= hidden) {
                throw new IllegalArgumentException("projection must be 0 (none) or in [1, hidden) = [1, " + hidden + "), got " + projection);
            }
        }

        /** A shape without a projection. */
        public Shape(String cell, int hidden, int layers, long seed) {
            this(cell, hidden, layers, seed, 0);
        }
    }

    private final Vocabulary vocabulary;
    private final Shape shape;
    private final RecurrentNetwork network;
    private final LinearHead head;

    /** A fresh model (weights from the shape's seed), float32, on the best backend the registry has. */
    public CharLanguageModel(Vocabulary vocabulary, Shape shape, CellRegistry registry) {
        this.vocabulary = vocabulary;
        this.shape = shape;
        CellSpec cell = CellSpec.of(shape.cell(), vocabulary.size(), shape.hidden()).withPrecision(Precision.FLOAT32).withSeed(shape.seed())
                .withProjection(shape.projection());
        this.network = RecurrentNetwork.create(NetworkSpec.of(cell).withLayers(shape.layers()), registry);
        this.head = new LinearHead(network.spec().outputSize(), vocabulary.size(), Precision.FLOAT32, shape.seed() + 1);
    }

    /** The vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The backend of the cells. */
    public String backend() {
        return network.backend();
    }

    /** Every parameter by name: the network's PyTorch names, the head's under {@code head.}. */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>(network.parameters().asMap());
        head.parameters().asMap().forEach((k, v) -> m.put(HEAD + k, v));
        return m;
    }

    /** What one training step did. */
    public record StepResult(double bitsPerChar, StepTelemetry telemetry) {
    }

    /**
     * Streams of a text for stateful training or evaluation: {@code batch} contiguous parts, read {@code bptt} symbols at
     * a time, the states carried from one window to the next.
     */
    public final class Streams {
        private final int[] symbols;
        private final int batch;
        private final int bptt;
        private final int length;
        private int position;
        private List<State> states;

        Streams(int[] symbols, int batch, int bptt) {
            if (symbols.length < batch * (bptt + 1L)) {
                throw new IllegalArgumentException("a text of " + symbols.length + " characters is too short for " + batch
                        + " streams of windows of " + bptt + " (it needs " + batch * (bptt + 1L) + ")");
            }
            this.symbols = symbols;
            this.batch = batch;
            this.bptt = bptt;
            this.length = symbols.length / batch;
        }

        /** Whether a whole window is left before the streams end. */
        public boolean hasNext() {
            return position + bptt + 1 <= length;
        }

        /** Back to the start, states zero. */
        public void rewind() {
            position = 0;
            states = null;
        }

        /** The next window: input one-hot [bptt, batch, V], targets [bptt, batch]. */
        Tensor[] next() {
            int v = vocabulary.size();
            Tensor x = Tensor.zeros(Precision.FLOAT32, bptt, batch, v);
            Tensor y = Tensor.zeros(Precision.FLOAT32, bptt, batch);
            for (int b = 0; b < batch; b++) {
                int base = b * length + position;
                for (int t = 0; t < bptt; t++) {
                    x.set((t * batch + b) * v + symbols[base + t], 1);
                    y.set(t * batch + b, symbols[base + t + 1]);
                }
            }
            position += bptt;
            return new Tensor[] {x, y};
        }
    }

    /** Streams over a text's symbols. */
    public Streams streams(int[] symbols, int batch, int bptt) {
        return new Streams(symbols, batch, bptt);
    }

    /** One step of stateful training on the next window of the streams; the streams start over when they end. */
    public StepResult trainStep(Streams s, OptimizerState optimizer, GradientProcessor gradients, long step, double learningRate) {
        if (!s.hasNext()) {
            s.rewind();
        }
        network.phase(Phase.TRAINING);
        Tensor[] xy = s.next();
        NetworkPass pass = network.forward(xy[0], s.states, null);
        Tensor logits = head.forward(pass.output());
        Loss.Result r = LOSS.evaluate(logits, xy[1], null);
        LinearHead.Gradients hg = head.backward(pass.output(), r.gradient());
        NetworkGradients ng = network.backward(pass, hg.input(), null); // truncated: nothing flows into the carried state
        Map<String, Tensor> g = new LinkedHashMap<>(ng.parameters());
        g.put(HEAD + "weight", hg.weight());
        g.put(HEAD + "bias", hg.bias());
        StepTelemetry t = gradients.process(step, learningRate, g, parameters());
        if (!t.skipped()) {
            optimizer.step(g, learningRate);
            network.constrainParameters();
        }
        s.states = detached(pass.finalStates());
        return new StepResult(r.value() / Math.log(2), t);
    }

    /** Bits per character over a text, read as the streams are trained (state carried from window to window). */
    public double bitsPerChar(int[] symbols, int batch, int bptt) {
        Streams s = new Streams(symbols, batch, bptt);
        network.phase(Phase.INFERENCE);
        double sum = 0;
        long rows = 0;
        try {
            while (s.hasNext()) {
                Tensor[] xy = s.next();
                NetworkPass pass = network.forward(xy[0], s.states, null);
                Loss.Result r = LOSS.evaluate(head.forward(pass.output()), xy[1], null);
                sum += r.value() * r.rows();
                rows += r.rows();
                s.states = detached(pass.finalStates());
            }
        } finally {
            network.phase(Phase.TRAINING);
        }
        return sum / rows / Math.log(2);
    }

    private static List<State> detached(List<State> states) {
        List<State> out = new ArrayList<>();
        for (State st : states) {
            out.add(st.copy());
        }
        return out;
    }

    /**
     * Samples {@code length} characters after a prompt: the prompt is read first (its last state starts the sample),
     * then each character is drawn from softmax(logits / temperature) and fed back.
     *
     * @param temperature above 0: below 1 sharper and more repetitive, above 1 more varied
     */
    public String sample(String prompt, int length, double temperature, long seed) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be finite and > 0, got " + temperature);
        }
        int v = vocabulary.size();
        int[] p = vocabulary.encode(prompt.isEmpty() ? "\n" : prompt);
        network.phase(Phase.INFERENCE);
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        try {
            List<State> states = null;
            Tensor x = Tensor.zeros(Precision.FLOAT32, p.length, 1, v);
            for (int t = 0; t < p.length; t++) {
                x.set(t * v + p[t], 1);
            }
            NetworkPass pass = network.forward(x, null, null);
            Tensor logits = head.forward(pass.output());
            states = pass.finalStates();
            double[] last = new double[v];
            for (int c = 0; c < v; c++) {
                last[c] = logits.get((p.length - 1) * v + c);
            }
            for (int i = 0; i < length; i++) {
                int next = draw(last, temperature, rnd);
                out.append(vocabulary.decode(next));
                Tensor one = Tensor.zeros(Precision.FLOAT32, 1, 1, v);
                one.set(next, 1);
                pass = network.forward(one, states, null);
                states = pass.finalStates();
                Tensor l = head.forward(pass.output());
                for (int c = 0; c < v; c++) {
                    last[c] = l.get(c);
                }
            }
        } finally {
            network.phase(Phase.TRAINING);
        }
        return out.toString();
    }

    private static int draw(double[] logits, double temperature, SplittableRandom rnd) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 1; c < logits.length; c++) { // never the unknown symbol
            max = Math.max(max, logits[c] / temperature);
        }
        double[] w = new double[logits.length];
        double sum = 0;
        for (int c = 1; c < logits.length; c++) {
            w[c] = Math.exp(logits[c] / temperature - max);
            sum += w[c];
        }
        double u = rnd.nextDouble() * sum;
        for (int c = 1; c < logits.length; c++) {
            u -= w[c];
            if (u <= 0) {
                return c;
            }
        }
        return logits.length - 1;
    }

    /** Starts the optimizer's state over this model's parameters. */
    public OptimizerState optimizer(Optimizer o) {
        return o.initialise(parameters());
    }

    /** The components by name, for callers that build optimizers and clipping from settings. */
    public static TrainingComponents components() {
        return TrainingComponents.discover();
    }

    /** Saves the parameters with the vocabulary and the shape in the safetensors metadata. */
    public void save(Path file, Map<String, String> extra) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("rnnlab.model", "char-lm");
        meta.put("vocabulary", vocabulary.toJson());
        meta.put("cell", shape.cell());
        meta.put("hidden", String.valueOf(shape.hidden()));
        meta.put("layers", String.valueOf(shape.layers()));
        meta.put("projection", String.valueOf(shape.projection()));
        meta.put("seed", String.valueOf(shape.seed()));
        ParameterFiles.save(file, parameters(), meta);
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws IOException when the file is not a character model's checkpoint (the message says what it lacks)
     */
    public static CharLanguageModel load(Path file, CellRegistry registry) throws IOException {
        Checkpoint c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        if (!"char-lm".equals(m.get("rnnlab.model"))) {
            throw new IOException(file + " is not a character model's checkpoint (its metadata has no rnnlab.model=char-lm); make one with "
                    + "./rnnlab charlm --text FILE --out " + file.getFileName());
        }
        Shape shape;
        Vocabulary vocabulary;
        try {
            // A checkpoint from before projections has no "projection": its h was never projected.
            shape = new Shape(m.get("cell"), Integer.parseInt(m.get("hidden")), Integer.parseInt(m.get("layers")), Long.parseLong(m.get("seed")),
                    m.containsKey("projection") ? Integer.parseInt(m.get("projection")) : 0);
            vocabulary = Vocabulary.fromJson(m.get("vocabulary"));
        } catch (RuntimeException e) {
            throw new IOException(file + ": the model's metadata cannot be read (" + e.getMessage() + ")", e);
        }
        CharLanguageModel model = new CharLanguageModel(vocabulary, shape, registry);
        ParameterFiles.load(c, model.parameters(), file.toString());
        return model;
    }

    @Override
    public void close() {
        network.close();
    }
}
