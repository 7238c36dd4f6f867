package org.rnnlab.api.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.Direction;
import org.rnnlab.api.layers.LinearHead;
import org.rnnlab.api.layers.NetworkGradients;
import org.rnnlab.api.layers.NetworkPass;
import org.rnnlab.api.layers.RecurrentNetwork;

/**
 * A recurrent network, a linear head and a {@link SequenceMode}: what a user trains. The mode decides what the network
 * reads and where the head reads it (see each mode's javadoc for shapes).
 *
 * <pre>{@code
 * RecurrentNetwork net = RecurrentNetwork.create(NetworkSpec.of(CellSpec.of("lstm", 1, 32)), CellRegistry.discover());
 * SequenceModel model = new SequenceModel(net, new LinearHead(32, 1, Precision.FLOAT32, 1), new SequenceMode.ManyToOne());
 * SequenceModel.Prediction p = model.forward(x, null, mask);              // x [T, N, 1] → p.output() [N, 1]
 * Loss.Result loss = new MeanSquaredError().evaluate(p.output(), y, null);
 * SequenceModel.Gradients g = model.backward(p, loss.gradient());         // g.parameters(): every name → gradient
 * }</pre>
 */
public final class SequenceModel implements AutoCloseable {
    /** Prefix of the head's parameter names in {@link #parameters()}. */
    public static final String HEAD = "head.";

    private final RecurrentNetwork network;
    private final LinearHead head;
    private final SequenceMode mode;

    /**
     * @throws IllegalArgumentException when the head does not read the network's output size, or a feed-back mode's
     *                                  output size differs from the input size
     */
    public SequenceModel(RecurrentNetwork network, LinearHead head, SequenceMode mode) {
        this.network = network;
        this.head = head;
        this.mode = mode;
        int features = mode instanceof SequenceMode.ManyToOne ? finalFeatures() : network.spec().outputSize();
        if (head.inputSize() != features) {
            throw new IllegalArgumentException("the head reads " + head.inputSize() + " features but the network gives " + features
                    + " in mode " + mode);
        }
        if (mode instanceof SequenceMode.OneToMany m && m.feed() == SequenceMode.Feed.FEED_BACK_OUTPUT
                && head.outputSize() != network.spec().cell().inputSize()) {
            throw new IllegalArgumentException("FEED_BACK_OUTPUT feeds outputs back as inputs: outputSize " + head.outputSize()
                    + " must equal inputSize " + network.spec().cell().inputSize());
        }
    }

    /** Features of the merged final h that a many-to-one head reads: the cell's output size (P with a projection, else H). */
    private int finalFeatures() {
        int h = network.spec().cell().outputSize();
        return network.spec().direction() == Direction.BIDIRECTIONAL ? network.spec().merge().width(h) : h;
    }

    /** The network. */
    public RecurrentNetwork network() {
        return network;
    }

    /** The head. */
    public LinearHead head() {
        return head;
    }

    /** The mode. */
    public SequenceMode mode() {
        return mode;
    }

    /** Every live parameter: the network's PyTorch names, then {@code head.weight} and {@code head.bias}. */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>(network.parameters().asMap());
        head.parameters().asMap().forEach((k, v) -> m.put(HEAD + k, v));
        return Collections.unmodifiableMap(m);
    }

    /** A forward pass: {@link #output()} are the predictions; the rest is kept for backward. */
    public static final class Prediction {
        private final Tensor output;
        private final NetworkPass pass;
        private final Tensor features;
        private final int inputSteps;
        private final Mask mask;

        Prediction(Tensor output, NetworkPass pass, Tensor features, int inputSteps, Mask mask) {
            this.output = output;
            this.pass = pass;
            this.features = features;
            this.inputSteps = inputSteps;
            this.mask = mask;
        }

        /** [N, O] or [T, N, O], by mode. */
        public Tensor output() {
            return output;
        }
    }

    /** Gradients of every parameter (names of {@link #parameters()}) and of the input. */
    public record Gradients(Map<String, Tensor> parameters, Tensor input) {
    }

    /**
     * Runs the model.
     *
     * @param input   [N, X] (one-to-one, one-to-many) or [T, N, X]
     * @param teacher the targets [T, N, O], for teacher forcing in {@link SequenceMode.Feed#FEED_BACK_OUTPUT}; else null
     * @param mask    [T, N] real steps of a sequence input, or null
     */
    public Prediction forward(Tensor input, Tensor teacher, Mask mask) {
        Precision p = input.precision();
        if (mode instanceof SequenceMode.OneToOne) {
            requireRank(input, 2, "[N, X]");
            requireNoMask(mask);
            Tensor seq = Tensor.wrap(input.to(Precision.FLOAT64).doubleData(), 1, input.dim(0), input.dim(1)).to(p);
            NetworkPass pass = network.forward(seq, null, null);
            Tensor features = Tensor.wrap(pass.output().to(Precision.FLOAT64).doubleData(), input.dim(0), pass.output().dim(2)).to(p);
            return new Prediction(head.forward(features), pass, features, 1, mask);
        }
        if (mode instanceof SequenceMode.OneToMany m) {
            requireRank(input, 2, "[N, X]");
            requireNoMask(mask);
            Tensor seq = oneToManyInput(m, input, teacher);
            NetworkPass pass = network.forward(seq, null, null);
            return new Prediction(head.forward(pass.output()), pass, pass.output(), m.outputSteps(), mask);
        }
        requireRank(input, 3, "[T, N, X]");
        if (mode instanceof SequenceMode.ManyToOne) {
            NetworkPass pass = network.forward(input, null, mask);
            Tensor features = finalFeatures(pass);
            return new Prediction(head.forward(features), pass, features, input.dim(0), mask);
        }
        if (mode instanceof SequenceMode.ManyToManySynced) {
            NetworkPass pass = network.forward(input, null, mask);
            return new Prediction(head.forward(pass.output()), pass, pass.output(), input.dim(0), mask);
        }
        SequenceMode.ManyToManyUnsynced u = (SequenceMode.ManyToManyUnsynced) mode;
        int steps = input.dim(0);
        int n = input.dim(1);
        int x = input.dim(2);
        Tensor seq = Tensor.zeros(p, steps + u.delay(), n, x);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < n; b++) {
                if (mask == null || mask.valid(t, b)) {
                    for (int j = 0; j < x; j++) {
                        seq.set((t * n + b) * x + j, input.get((t * n + b) * x + j));
                    }
                }
            }
        }
        NetworkPass pass = network.forward(seq, null, null);
        Tensor late = slice(pass.output(), u.delay(), u.delay() + steps);
        return new Prediction(head.forward(late), pass, late, steps, mask);
    }

    /**
     * Back-propagates ∂L/∂predictions (for example {@code Loss.Result.gradient()}) through the head and the network.
     */
    public Gradients backward(Prediction prediction, Tensor gradOutput) {
        if (!Arrays.equals(gradOutput.shape(), prediction.output.shape())) {
            throw new IllegalArgumentException("gradOutput must have the predictions' shape " + Arrays.toString(prediction.output.shape())
                    + ", got " + Arrays.toString(gradOutput.shape()));
        }
        LinearHead.Gradients hg = head.backward(prediction.features, gradOutput);
        Tensor gIn;
        NetworkGradients ng;
        NetworkPass pass = prediction.pass;
        if (mode instanceof SequenceMode.ManyToOne) {
            ng = network.backward(pass, null, finalStateGradients(pass, hg.input()));
            gIn = ng.input();
        } else if (mode instanceof SequenceMode.ManyToManyUnsynced u) {
            Tensor g = Tensor.zeros(pass.output().precision(), pass.output().shape());
            int row = g.size() / g.dim(0);
            for (int i = 0; i < hg.input().size(); i++) {
                g.set(u.delay() * row + i, hg.input().get(i));
            }
            ng = network.backward(pass, g, null);
            gIn = slice(ng.input(), 0, prediction.inputSteps);
            if (prediction.mask != null) {
                zeroMaskedRows(gIn, prediction.mask); // padded input steps were replaced by blanks
            }
        } else {
            Tensor g = hg.input();
            if (mode instanceof SequenceMode.OneToOne) {
                g = Tensor.wrap(g.to(Precision.FLOAT64).doubleData(), pass.output().shape()).to(g.precision());
            }
            ng = network.backward(pass, g, null);
            gIn = ng.input();
            if (mode instanceof SequenceMode.OneToOne) {
                gIn = Tensor.wrap(gIn.to(Precision.FLOAT64).doubleData(), gIn.dim(1), gIn.dim(2)).to(gIn.precision());
            } else if (mode instanceof SequenceMode.OneToMany m) {
                gIn = oneToManyInputGradient(m, gIn);
            }
        }
        Map<String, Tensor> named = new LinkedHashMap<>(ng.parameters());
        named.put(HEAD + "weight", hg.weight());
        named.put(HEAD + "bias", hg.bias());
        return new Gradients(Collections.unmodifiableMap(named), gIn);
    }

    /**
     * Generates an output sequence from one input vector [N, X] in a one-to-many mode, feeding back predictions
     * (FEED_BACK_OUTPUT) or repeating the input; runs step by step with the state carried, without a tape to keep.
     */
    public Tensor generate(Tensor input) {
        if (!(mode instanceof SequenceMode.OneToMany m)) {
            throw new IllegalArgumentException("generate() is for one-to-many modes; this model is " + mode);
        }
        requireRank(input, 2, "[N, X]");
        Precision p = input.precision();
        int n = input.dim(0);
        int o = head.outputSize();
        Tensor out = Tensor.zeros(p, m.outputSteps(), n, o);
        Tensor step = Tensor.wrap(input.to(Precision.FLOAT64).doubleData(), 1, n, input.dim(1)).to(p);
        List<State> state = null;
        for (int t = 0; t < m.outputSteps(); t++) {
            NetworkPass pass = network.forward(step, state, null);
            state = pass.finalStates();
            Tensor y = head.forward(pass.output());
            for (int i = 0; i < n * o; i++) {
                out.set(t * n * o + i, y.get(i));
            }
            if (m.feed() == SequenceMode.Feed.FEED_BACK_OUTPUT) {
                step = y;
            }
        }
        return out;
    }

    private Tensor oneToManyInput(SequenceMode.OneToMany m, Tensor input, Tensor teacher) {
        int steps = m.outputSteps();
        int n = input.dim(0);
        int x = input.dim(1);
        Tensor seq = Tensor.zeros(input.precision(), steps, n, x);
        boolean feedBack = m.feed() == SequenceMode.Feed.FEED_BACK_OUTPUT;
        if (feedBack && steps > 1 && (teacher == null || !teacher.hasShape(steps, n, x))) {
            throw new IllegalArgumentException("FEED_BACK_OUTPUT trains with teacher forcing: pass the targets [" + steps + ", " + n + ", "
                    + x + "] as teacher (or call generate() to feed back predictions)");
        }
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n * x; i++) {
                double v = t == 0 || !feedBack ? input.get(i) : teacher.get((t - 1) * n * x + i);
                seq.set(t * n * x + i, v);
            }
        }
        return seq;
    }

    private static Tensor oneToManyInputGradient(SequenceMode.OneToMany m, Tensor gSeq) {
        int n = gSeq.dim(1);
        int x = gSeq.dim(2);
        Tensor g = Tensor.zeros(gSeq.precision(), n, x);
        int upTo = m.feed() == SequenceMode.Feed.REPEAT_INPUT ? gSeq.dim(0) : 1; // the fed-back targets are constants
        for (int t = 0; t < upTo; t++) {
            for (int i = 0; i < n * x; i++) {
                g.set(i, g.get(i) + gSeq.get(t * n * x + i));
            }
        }
        return g;
    }

    /** The top layer's final h (merged with the reverse direction's for a bidirectional network), [N, F]. */
    private Tensor finalFeatures(NetworkPass pass) {
        int dirs = network.spec().directions();
        int top = (network.spec().layers() - 1) * dirs;
        Tensor a = pass.finalStates().get(top).h();
        if (dirs == 1) {
            return a;
        }
        return network.spec().merge().apply(a, pass.finalStates().get(top + 1).h());
    }

    /** ∂L/∂(final states) from ∂L/∂features: zero everywhere but the top layer's h. */
    private List<State> finalStateGradients(NetworkPass pass, Tensor gFeatures) {
        int dirs = network.spec().directions();
        int top = (network.spec().layers() - 1) * dirs;
        List<State> out = new ArrayList<>();
        for (State s : pass.finalStates()) {
            Tensor[] z = new Tensor[s.size()];
            for (int k = 0; k < z.length; k++) {
                z[k] = Tensor.zeros(s.get(k).precision(), s.get(k).shape());
            }
            out.add(State.of(z));
        }
        if (dirs == 1) {
            out.get(top).h().copyFrom(gFeatures);
        } else {
            Tensor[] split = network.spec().merge().backward(gFeatures, pass.finalStates().get(top).h(), pass.finalStates().get(top + 1).h());
            out.get(top).h().copyFrom(split[0]);
            out.get(top + 1).h().copyFrom(split[1]);
        }
        return out;
    }

    private static Tensor slice(Tensor seq, int from, int to) {
        int row = seq.size() / seq.dim(0);
        int[] shape = seq.shape();
        shape[0] = to - from;
        Tensor out = Tensor.zeros(seq.precision(), shape);
        for (int i = 0; i < out.size(); i++) {
            out.set(i, seq.get(from * row + i));
        }
        return out;
    }

    private static void zeroMaskedRows(Tensor seq, Mask mask) {
        int n = seq.dim(1);
        int f = seq.dim(2);
        for (int t = 0; t < seq.dim(0); t++) {
            for (int b = 0; b < n; b++) {
                if (!mask.valid(t, b)) {
                    for (int j = 0; j < f; j++) {
                        seq.set((t * n + b) * f + j, 0.0);
                    }
                }
            }
        }
    }

    private static void requireRank(Tensor t, int rank, String shape) {
        if (t == null || t.rank() != rank) {
            throw new IllegalArgumentException("this mode takes input " + shape + ", got " + (t == null ? "null" : Arrays.toString(t.shape())));
        }
    }

    private void requireNoMask(Mask mask) {
        if (mask != null) {
            throw new IllegalArgumentException("mode " + mode + " reads one input vector per sequence: it takes no mask");
        }
    }

    /** The cells' constraints ({@link RecurrentNetwork#constrainParameters()}): call it after each optimizer step. */
    public void constrainParameters() {
        network.constrainParameters();
    }

    /** Closes the network's cells. */
    @Override
    public void close() {
        network.close();
    }
}
