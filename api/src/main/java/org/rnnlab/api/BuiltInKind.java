package org.rnnlab.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every backend needs to know about a built-in cell kind, in one place: its gate blocks, its state tensors, the
 * values its kernels keep per unit and step for backward, whether the gradient of its recurrent pre-activation is a
 * tensor of its own, and whether it takes a projection of h ({@code torch.nn.LSTM}'s {@code proj_size}). The cpu and
 * cuda kernels, the providers, the registry, {@link CellSpec} and {@link ParameterShape#standardLayout} read these
 * facts here and nowhere else.
 */
public enum BuiltInKind {
    /** Elman RNN, {@code torch.nn.RNN}: one gate block; h alone; the derivative is read from h', so nothing is cached. */
    RNN(CellKinds.RNN, 1, 1, 0, RecurrentGradient.SAME_AS_INPUT, Projection.REFUSED),
    /**
     * GRU (Cho et al. 2014), {@code torch.nn.GRU}: gates r, z, n; h alone; caches r, z, n and {@code W_hn·h + b_hn}. The
     * candidate multiplies its recurrent part by r, so ∂L/∂(W_hh·h + b_hh) differs from ∂L/∂(W_ih·x + b_ih).
     */
    GRU(CellKinds.GRU, 3, 1, 4, RecurrentGradient.SEPARATE, Projection.REFUSED),
    /**
     * LSTM (Hochreiter and Schmidhuber 1997; Gers et al. 2000), {@code torch.nn.LSTM}: gates i, f, g, o; h and c; caches
     * the four gates. With a projection (LSTMP: Sak, Senior and Beaufays 2014, "Long short-term memory recurrent neural
     * network architectures for large scale acoustic modeling"), {@code h = W_hr·(o ⊙ tanh(c))} has P values and c keeps H.
     */
    LSTM(CellKinds.LSTM, 4, 2, 4, RecurrentGradient.SAME_AS_INPUT, Projection.OFFERED);

    /** Whether ∂L/∂(recurrent pre-activation) is the input pre-activation's gradient or a tensor of its own. */
    public enum RecurrentGradient {
        /** The two pre-activations are summed before any gate math (RNN, LSTM): one gradient serves both. */
        SAME_AS_INPUT,
        /** The recurrent pre-activation enters the gate math apart (GRU's candidate): its gradient is kept apart. */
        SEPARATE
    }

    /** Whether a kind takes a projection of its hidden state ({@link CellSpec#projectionSize()}). */
    public enum Projection {
        /** {@code projectionSize} must be 0. */
        REFUSED,
        /** {@code projectionSize} may be in [0, H): h then has P values, every other state tensor H. */
        OFFERED
    }

    private final String id;
    private final int gates;
    private final int states;
    private final int cachePerUnit;
    private final RecurrentGradient recurrentGradient;
    private final Projection projection;

    BuiltInKind(String id, int gates, int states, int cachePerUnit, RecurrentGradient recurrentGradient, Projection projection) {
        this.id = id;
        this.gates = gates;
        this.states = states;
        this.cachePerUnit = cachePerUnit;
        this.recurrentGradient = recurrentGradient;
        this.projection = projection;
    }

    /** The kind's name in a {@link CellSpec}: {@code rnn}, {@code gru}, {@code lstm}. */
    public String id() {
        return id;
    }

    /** G: the H-row gate blocks of {@code weight_ih} [G·H, X], {@code weight_hh} and the biases. */
    public int gates() {
        return gates;
    }

    /** The state tensors: 1 (h) or 2 (h, c). */
    public int states() {
        return states;
    }

    /** Values per hidden unit that a step's kernel keeps for backward (its cache is [N, cachePerUnit·H] per step). */
    public int cachePerUnit() {
        return cachePerUnit;
    }

    /** Values per sample and step that the kernels keep for backward: {@link #cachePerUnit()}·H. */
    public int cacheWidth(int hidden) {
        return cachePerUnit * hidden;
    }

    /** Whether ∂L/∂(recurrent pre-activation) differs from the input pre-activation's. */
    public RecurrentGradient recurrentGradient() {
        return recurrentGradient;
    }

    /**
     * Whether the values kept for backward can overwrite the step's pre-activations: when the recurrent and the input
     * pre-activations are summed before any gate math and the cache has one value per gate and unit (the LSTM's
     * activated gates), backward reads the gates and never the pre-activations, so a kernel that accumulates the
     * recurrent product into the input projection may keep its cache there (the cpu kernels do).
     */
    public boolean cacheOverwritesPreActivations() {
        return recurrentGradient == RecurrentGradient.SAME_AS_INPUT && cachePerUnit == gates;
    }

    /** Whether the kind takes a projection of h. */
    public Projection projection() {
        return projection;
    }

    /**
     * The built-in kind named {@code kind} (lower case, as {@link CellSpec#kind()} holds it).
     *
     * @throws IllegalArgumentException for a kind that is not built in, listing the built-in ones
     */
    public static BuiltInKind of(String kind) {
        return find(kind).orElseThrow(() -> new IllegalArgumentException("'" + kind + "' is not a built-in cell kind; built-in: "
                + String.join(", ", ids().stream().sorted().toList())));
    }

    /** The built-in kind named {@code kind}, or empty for a plugin's own kind. */
    public static Optional<BuiltInKind> find(String kind) {
        return Arrays.stream(values()).filter(k -> k.id.equals(kind)).findFirst();
    }

    /** The names of every built-in kind. */
    public static Set<String> ids() {
        return Arrays.stream(values()).map(BuiltInKind::id).collect(Collectors.toUnmodifiableSet());
    }

    /** The names of the built-in kinds that take a projection of h. */
    public static Set<String> projectable() {
        return Arrays.stream(values()).filter(k -> k.projection == Projection.OFFERED).map(BuiltInKind::id)
                .collect(Collectors.toUnmodifiableSet());
    }
}
