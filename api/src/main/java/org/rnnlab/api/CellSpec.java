package org.rnnlab.api;

import java.util.Optional;

/**
 * What cell to build: an immutable description that every provider understands.
 *
 * <p>Parameter names, shapes and gate order follow {@code torch.nn.RNN/GRU/LSTM} (see {@link ParameterShape}).
 * Defaults live in one place, {@link #of(String, int, int)}.
 *
 * @param kind           {@code rnn}, {@code gru}, {@code lstm} ({@link CellKinds}) or a plugin's own kind name
 * @param inputSize      X, features per time step; &gt; 0
 * @param hiddenSize     H, units of the hidden state; &gt; 0
 * @param nonlinearity   activation of the {@code rnn} kind (ignored by other kinds)
 * @param bias           whether the cell has {@code bias_ih} and {@code bias_hh} (PyTorch's {@code bias=True})
 * @param precision      arithmetic and storage precision
 * @param initialization how parameters are drawn
 * @param seed           seed of the parameter draw: the same spec gives the same parameters on every backend
 * @param settings       the kind's own settings (none for the built-in kinds; see {@link CellSettings})
 * @param projectionSize P, {@code torch.nn.LSTM}'s {@code proj_size}: 0 for none, else in [1, H) and h becomes
 *                       {@code W_hr·(o ⊙ tanh(c))} with P values, {@code weight_hr_l0} [P, H], while c keeps H. Of the
 *                       built-in kinds only {@code lstm} takes one ({@link BuiltInKind#projection()}); a provider that
 *                       does not project a kind does not claim such a spec ({@link org.rnnlab.api.spi.CellProvider#supports})
 */
public record CellSpec(String kind, int inputSize, int hiddenSize, Nonlinearity nonlinearity, boolean bias,
                       Precision precision, Initialization initialization, long seed, CellSettings settings, int projectionSize) {

    /**
     * Upper bound on X and H. A built-in kind further needs each weight matrix, G·H × X and G·H × H values, to fit one
     * Java array ({@link Memory#MAX_ARRAY} values): LSTM H ≤ 23170, GRU H ≤ 26754, RNN H ≤ 32768.
     */
    public static final int MAX_SIZE = 1 << 15;

    /** Validates every field; messages name the bad value and what is allowed. */
    public CellSpec {
        kind = CellKinds.normalise(kind);
        Optional<BuiltInKind> builtIn = BuiltInKind.find(kind);
        checkSize("inputSize", inputSize);
        checkSize("hiddenSize", hiddenSize);
        if (nonlinearity == null) {
            throw new IllegalArgumentException("nonlinearity must not be null; use tanh or relu");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null; use float32 or float64");
        }
        if (initialization == null) {
            throw new IllegalArgumentException("initialization must not be null; use Initialization.pytorchDefault()");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null; use CellSettings.NONE");
        }
        if (builtIn.isPresent() && !settings.isEmpty()) {
            throw new IllegalArgumentException("kind '" + kind + "' takes no settings, got " + settings);
        }
        if (!CellKinds.RNN.equals(kind) && nonlinearity != Nonlinearity.TANH) {
            throw new IllegalArgumentException("nonlinearity=" + nonlinearity.id() + " applies only to kind 'rnn'; "
                    + "kind '" + kind + "' has fixed activations (leave nonlinearity at tanh)");
        }
        if (builtIn.isPresent()) {
            int g = builtIn.get().gates();
            long largest = (long) Math.floor(Math.sqrt((double) Memory.MAX_ARRAY / g));
            for (int cols : new int[] {inputSize, hiddenSize}) {
                if ((long) g * hiddenSize * cols > Memory.MAX_ARRAY) {
                    String matrix = cols == hiddenSize ? "weight_hh_l0 [" + g + "·H, H]" : "weight_ih_l0 [" + g + "·H, X]";
                    throw new IllegalArgumentException(kind + " with hiddenSize " + hiddenSize + " and inputSize " + inputSize + ": "
                            + matrix + " needs " + (long) g * hiddenSize * cols + " values, more than the " + Memory.MAX_ARRAY
                            + " a Java array holds; for " + kind + " keep G·H·max(X, H) within that (H ≤ " + Math.min(largest, MAX_SIZE)
                            + " when X ≤ H)");
                }
            }
        }
        checkProjection(kind, builtIn, hiddenSize, projectionSize, initialization);
        if (initialization.forgetGateBias().isPresent() && !CellKinds.LSTM.equals(kind)) {
            throw new IllegalArgumentException("forgetGateBias applies only to kind 'lstm', not '" + kind + "'");
        }
        if (initialization.forgetGateBias().isPresent() && !bias) {
            throw new IllegalArgumentException("forgetGateBias needs bias=true: a cell without biases has no forget-gate bias");
        }
    }

    /** A spec without a projection of h. */
    public CellSpec(String kind, int inputSize, int hiddenSize, Nonlinearity nonlinearity, boolean bias, Precision precision,
                    Initialization initialization, long seed, CellSettings settings) {
        this(kind, inputSize, hiddenSize, nonlinearity, bias, precision, initialization, seed, settings, 0);
    }

    /** A spec without settings of its kind's own ({@link CellSettings#NONE}) and without a projection of h. */
    public CellSpec(String kind, int inputSize, int hiddenSize, Nonlinearity nonlinearity, boolean bias, Precision precision,
                    Initialization initialization, long seed) {
        this(kind, inputSize, hiddenSize, nonlinearity, bias, precision, initialization, seed, CellSettings.NONE, 0);
    }

    private static void checkSize(String name, int value) {
        if (value <= 0 || value > MAX_SIZE) {
            throw new IllegalArgumentException(name + " must be in [1, " + MAX_SIZE + "], got " + value);
        }
    }

    /** PyTorch's rules for {@code proj_size}, and the initializations a projected layout cannot take. */
    private static void checkProjection(String kind, Optional<BuiltInKind> builtIn, int hiddenSize, int projectionSize,
                                        Initialization initialization) {
        if (projectionSize == 0) {
            return;
        }
        if (projectionSize < 0 || projectionSize >= hiddenSize) {
            throw new IllegalArgumentException("projectionSize must be 0 (no projection) or in [1, hiddenSize) = [1, " + hiddenSize
                    + "), got " + projectionSize + " (PyTorch's proj_size has to be smaller than hidden_size)");
        }
        if (builtIn.isPresent() && builtIn.get().projection() == BuiltInKind.Projection.REFUSED) {
            throw new IllegalArgumentException("projectionSize " + projectionSize + " applies only to kind "
                    + String.join(", ", BuiltInKind.projectable().stream().sorted().toList()) + " of the built-in kinds, not '" + kind
                    + "' (torch.nn." + kind.toUpperCase(java.util.Locale.ROOT) + " has no proj_size); leave it at 0");
        }
        if (initialization.recurrentWeights() == WeightInit.SCALED_IDENTITY) {
            throw new IllegalArgumentException("recurrentWeights=SCALED_IDENTITY needs square gate blocks, but with projectionSize "
                    + projectionSize + " weight_hh is [G·" + hiddenSize + ", " + projectionSize + "] and weight_hr ["
                    + projectionSize + ", " + hiddenSize + "]; use PYTORCH_UNIFORM, XAVIER_UNIFORM or ORTHOGONAL");
        }
    }

    /**
     * Features of h and of the output per sample: the projection size P when there is one, else H. Every other state
     * tensor (an LSTM's c) has H.
     */
    public int outputSize() {
        return projectionSize == 0 ? hiddenSize : projectionSize;
    }

    /** A spec with PyTorch's defaults: tanh, bias on, float32, PyTorch's initialization, seed 0, no projection. */
    public static CellSpec of(String kind, int inputSize, int hiddenSize) {
        return new CellSpec(kind, inputSize, hiddenSize, Nonlinearity.TANH, true, Precision.FLOAT32,
                Initialization.pytorchDefault(), 0L);
    }

    /** Returns a copy with another precision. */
    public CellSpec withPrecision(Precision p) {
        return new CellSpec(kind, inputSize, hiddenSize, nonlinearity, bias, p, initialization, seed, settings, projectionSize);
    }

    /** Returns a copy with another nonlinearity (kind {@code rnn} only). */
    public CellSpec withNonlinearity(Nonlinearity n) {
        return new CellSpec(kind, inputSize, hiddenSize, n, bias, precision, initialization, seed, settings, projectionSize);
    }

    /** Returns a copy with biases on or off. */
    public CellSpec withBias(boolean on) {
        return new CellSpec(kind, inputSize, hiddenSize, nonlinearity, on, precision, initialization, seed, settings, projectionSize);
    }

    /** Returns a copy with another initialization. */
    public CellSpec withInitialization(Initialization init) {
        return new CellSpec(kind, inputSize, hiddenSize, nonlinearity, bias, precision, init, seed, settings, projectionSize);
    }

    /** Returns a copy with the kind's own settings replaced. */
    public CellSpec withSettings(CellSettings newSettings) {
        return new CellSpec(kind, inputSize, hiddenSize, nonlinearity, bias, precision, initialization, seed, newSettings, projectionSize);
    }

    /**
     * Returns a copy whose h is projected to {@code size} values ({@code torch.nn.LSTM(proj_size=size)}); 0 removes the
     * projection.
     */
    public CellSpec withProjection(int size) {
        return new CellSpec(kind, inputSize, hiddenSize, nonlinearity, bias, precision, initialization, seed, settings, size);
    }

    /** Returns a copy with another seed. */
    public CellSpec withSeed(long newSeed) {
        return new CellSpec(kind, inputSize, hiddenSize, nonlinearity, bias, precision, initialization, newSeed, settings, projectionSize);
    }
}
