package org.rnnlab.experiments.sweep.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.rnnlab.api.BiasInit;
import org.rnnlab.api.CellKinds;
import org.rnnlab.api.Initialization;
import org.rnnlab.api.WeightInit;

/** The initializations a sweep can name, each a recipe over PyTorch's default. */
public enum InitScheme {
    /** PyTorch's: every parameter U(−1/√H, 1/√H). */
    PYTORCH,
    /** Glorot and Bengio 2010: input and recurrent weights Xavier-uniform. */
    XAVIER,
    /** Saxe et al. 2014: recurrent weights orthogonal, input weights Xavier-uniform. */
    ORTHOGONAL,
    /** Le, Jaitly and Hinton 2015 (IRNN): recurrent weights the identity, biases zero. */
    IDENTITY,
    /** Jozefowicz, Zaremba and Sutskever 2015: the LSTM's forget-gate bias 1 (LSTM cells only). */
    FORGET_BIAS;

    /** The name in a sweep file: {@code forget_bias}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scheme of a sweep file's name; the error lists the known names. */
    public static InitScheme parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (InitScheme s : values()) {
            if (s.id().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown initialization '" + name + "'; known: "
                + Arrays.stream(values()).map(InitScheme::id).collect(Collectors.joining(", ")));
    }

    /** Whether the scheme means something for {@code kind} ({@link #FORGET_BIAS} only for LSTM). */
    public boolean appliesTo(String kind) {
        return this != FORGET_BIAS || CellKinds.LSTM.equals(kind);
    }

    /** The initialization for a cell of {@code kind}. */
    public Initialization initialization(String kind) {
        if (!appliesTo(kind)) {
            throw new IllegalArgumentException("initialization '" + id() + "' applies to lstm cells only, not '" + kind + "'");
        }
        Initialization d = Initialization.pytorchDefault();
        return switch (this) {
            case PYTORCH -> d;
            case XAVIER -> d.withInputWeights(WeightInit.XAVIER_UNIFORM).withRecurrentWeights(WeightInit.XAVIER_UNIFORM);
            case ORTHOGONAL -> d.withInputWeights(WeightInit.XAVIER_UNIFORM).withRecurrentWeights(WeightInit.ORTHOGONAL);
            case IDENTITY -> d.withRecurrentWeights(WeightInit.SCALED_IDENTITY).withBiases(BiasInit.ZEROS);
            case FORGET_BIAS -> d.withForgetGateBias(1.0);
        };
    }
}
