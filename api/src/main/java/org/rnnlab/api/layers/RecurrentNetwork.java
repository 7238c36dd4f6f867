package org.rnnlab.api.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

/**
 * Stacked, optionally bidirectional recurrent layers over cells from any backend: what
 * {@code torch.nn.LSTM(input_size, hidden_size, num_layers, bidirectional=…, dropout=…)} is in PyTorch.
 *
 * <p>Parameters are named as in PyTorch's {@code state_dict}: {@code weight_ih_l0}, {@code weight_hh_l1_reverse}, …
 * The reverse direction reads the sequence backward in time (with a mask, each sequence's real steps backward, as
 * PyTorch's packed sequences). Dropout (Srivastava et al. 2014; between layers as in Zaremba et al. 2014) is drawn
 * from a seeded stream in {@link Phase#TRAINING} only.
 *
 * <p>Shapes: input [T, N, X]; output [T, N, outputSize]; per layer and direction a state whose tensor k is
 * [N, {@link RecurrentCell#stateSize(int) stateSize(k)}] (h [N, P] and c [N, H] for an LSTM with a projection P, as
 * {@code torch.nn.LSTM(proj_size=P)}, whose layer l &gt; 0 reads P features, 2P bidirectional).
 */
public final class RecurrentNetwork implements AutoCloseable {
    private final NetworkSpec spec;
    private final RecurrentCell[] cells;
    private final Parameters parameters;
    private final Map<String, String> cellNameOf = new LinkedHashMap<>();
    private final Map<String, Integer> cellIndexOf = new LinkedHashMap<>();
    private Phase phase = Phase.TRAINING;
    private SplittableRandom dropoutRandom;

    private RecurrentNetwork(NetworkSpec spec, RecurrentCell[] cells) {
        this.spec = spec;
        this.cells = cells;
        List<ParameterShape> layout = new ArrayList<>();
        Map<String, Tensor> live = new LinkedHashMap<>();
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                int c = l * spec.directions() + d;
                for (ParameterShape p : cells[c].parameters().layout()) {
                    String name = rename(p.name(), l, d == 1);
                    layout.add(new ParameterShape(name, p.role(), p.gates(), p.dims()));
                    live.put(name, cells[c].parameters().get(p.name()));
                    cellNameOf.put(name, p.name());
                    cellIndexOf.put(name, c);
                }
            }
        }
        this.parameters = Parameters.view(layout, live);
        this.dropoutRandom = new SplittableRandom(spec.dropoutSeed());
    }

    /** Builds the cells of every layer and direction through {@code registry}. */
    public static RecurrentNetwork create(NetworkSpec spec, CellRegistry registry) {
        RecurrentCell[] cells = new RecurrentCell[spec.layers() * spec.directions()];
        try {
            for (int l = 0; l < spec.layers(); l++) {
                for (int d = 0; d < spec.directions(); d++) {
                    cells[l * spec.directions() + d] = registry.create(spec.cellSpec(l, d));
                }
            }
        } catch (RuntimeException e) {
            for (RecurrentCell c : cells) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
        return new RecurrentNetwork(spec, cells);
    }

    /** A cell's {@code name_l0} becomes {@code name_l<layer>[_reverse]}; other names get the suffix appended. */
    private static String rename(String cellName, int layer, boolean reverse) {
        String base = cellName.endsWith("_l0") ? cellName.substring(0, cellName.length() - 3) : cellName;
        return base + ParameterShape.suffix(layer, reverse);
    }

    /** The spec. */
    public NetworkSpec spec() {
        return spec;
    }

    /** The backend serving the cells. */
    public String backend() {
        return cells[0].backend();
    }

    /** The live parameters under PyTorch's names. */
    public Parameters parameters() {
        return parameters;
    }

    /** The cell of layer {@code layer}, direction {@code dir} (0 forward, 1 reverse): for probes that study one cell. */
    public RecurrentCell cell(int layer, int dir) {
        if (layer < 0 || layer >= spec.layers() || dir < 0 || dir >= spec.directions()) {
            throw new IllegalArgumentException("no cell at layer " + layer + ", direction " + dir + " in a network of " + spec.layers()
                    + " layer(s) × " + spec.directions() + " direction(s)");
        }
        return cells[layer * spec.directions() + dir];
    }

    /** The current phase (initially {@link Phase#TRAINING}). */
    public Phase phase() {
        return phase;
    }

    /** Switches between training (dropout on) and inference. */
    public void phase(Phase p) {
        this.phase = java.util.Objects.requireNonNull(p, "phase");
    }

    /** Restarts the dropout stream: the following forward calls draw the same masks as after any other reseed with this seed. */
    public void reseedDropout(long seed) {
        this.dropoutRandom = new SplittableRandom(seed);
    }

    /** Runs every layer over all steps with zero initial states and no mask. */
    public NetworkPass forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * Runs every layer.
     *
     * @param input   [T, N, X]
     * @param initial one state per layer and direction (index {@code l · directions + d}), or null for zeros
     * @param mask    [T, N] real steps, or null
     */
    public NetworkPass forward(Tensor input, List<State> initial, Mask mask) {
        if (initial != null && initial.size() != cells.length) {
            throw new IllegalArgumentException("expected " + cells.length + " initial states (layers × directions = "
                    + spec.layers() + " × " + spec.directions() + "), got " + initial.size());
        }
        ForwardPass[] passes = new ForwardPass[cells.length];
        Tensor[] dropMasks = new Tensor[spec.layers()];
        List<State> finals = new ArrayList<>();
        Tensor x = input;
        Mask reversedMask = mask == null ? null : mask.reversed();
        for (int l = 0; l < spec.layers(); l++) {
            int c = l * spec.directions();
            passes[c] = cells[c].forward(x, initial == null ? null : initial.get(c), mask);
            finals.add(passes[c].finalState());
            Tensor out = passes[c].output();
            if (spec.directions() == 2) {
                passes[c + 1] = cells[c + 1].forward(SeqOps.reverseTime(x), initial == null ? null : initial.get(c + 1), reversedMask);
                finals.add(passes[c + 1].finalState());
                out = spec.merge().apply(out, SeqOps.reverseTime(passes[c + 1].output()));
            }
            if (l < spec.layers() - 1 && spec.dropout() > 0 && phase == Phase.TRAINING) {
                dropMasks[l] = drawDropout(out);
                out = SeqOps.times(out, dropMasks[l]);
            }
            x = out;
        }
        return new NetworkPass(this, x, finals, mask, passes, dropMasks);
    }

    private Tensor drawDropout(Tensor like) {
        Tensor m = Tensor.zeros(like.precision(), like.shape());
        double keep = 1 - spec.dropout();
        for (int i = 0; i < m.size(); i++) {
            m.set(i, dropoutRandom.nextDouble() < keep ? 1 / keep : 0.0);
        }
        return m;
    }

    /**
     * Back-propagates through every layer.
     *
     * @param pass       this network's latest forward pass
     * @param gradOutput ∂L/∂output [T, N, outputSize], or null for zeros
     * @param gradFinal  ∂L/∂(final state) per layer and direction, or null for zeros
     */
    public NetworkGradients backward(NetworkPass pass, Tensor gradOutput, List<State> gradFinal) {
        if (pass.owner() != this) {
            throw new IllegalArgumentException("this pass was made by another network");
        }
        if (gradFinal != null && gradFinal.size() != cells.length) {
            throw new IllegalArgumentException("expected " + cells.length + " final-state gradients, got " + gradFinal.size());
        }
        if (gradOutput == null && gradFinal == null) {
            throw new IllegalArgumentException("backward needs gradOutput, gradFinal or both");
        }
        Tensor g = gradOutput == null ? Tensor.zeros(pass.output().precision(), pass.output().shape()) : gradOutput;
        Map<Integer, Gradients> cellGrads = new LinkedHashMap<>();
        List<State> initialGrads = new ArrayList<>(java.util.Collections.nCopies(cells.length, (State) null));
        Tensor gradInput = null;
        for (int l = spec.layers() - 1; l >= 0; l--) {
            if (pass.dropoutMasks[l] != null) {
                g = SeqOps.times(g, pass.dropoutMasks[l]);
            }
            int c = l * spec.directions();
            Tensor gForward = g;
            Tensor gReverse = null;
            if (spec.directions() == 2) {
                Tensor[] split = spec.merge().backward(g, pass.cellPasses[c].output(), SeqOps.reverseTime(pass.cellPasses[c + 1].output()));
                gForward = split[0];
                gReverse = SeqOps.reverseTime(split[1]);
            }
            Gradients gf = cells[c].backward(pass.cellPasses[c], new Upstream(gForward, gradFinal == null ? null : gradFinal.get(c), 0));
            cellGrads.put(c, gf);
            initialGrads.set(c, gf.initialState());
            Tensor gIn = gf.input().copy();
            if (spec.directions() == 2) {
                Gradients gr = cells[c + 1].backward(pass.cellPasses[c + 1],
                        new Upstream(gReverse, gradFinal == null ? null : gradFinal.get(c + 1), 0));
                cellGrads.put(c + 1, gr);
                initialGrads.set(c + 1, gr.initialState());
                SeqOps.addInto(gIn, SeqOps.reverseTime(gr.input()));
            }
            g = gIn;
            gradInput = gIn;
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (String name : parameters.names()) {
            named.put(name, cellGrads.get(cellIndexOf.get(name)).parameter(cellNameOf.get(name)));
        }
        return new NetworkGradients(named, gradInput, initialGrads);
    }

    /** {@link RecurrentCell#constrainParameters()} on every cell: call it after each change of the parameters (an optimizer step). */
    public void constrainParameters() {
        for (RecurrentCell c : cells) {
            c.constrainParameters();
        }
    }

    /** Closes every cell. */
    @Override
    public void close() {
        for (RecurrentCell c : cells) {
            c.close();
        }
    }
}
