package org.rnnlab.api;

import java.util.Locale;
import java.util.Set;

/**
 * Names of the built-in cell kinds and their gate counts. A plugin may define its own kind name;
 * kind names are lower-case identifiers ({@code [a-z][a-z0-9_-]*}).
 */
public final class CellKinds {
    /** Elman RNN, {@code torch.nn.RNN}: one block of H rows (G = 1). */
    public static final String RNN = "rnn";
    /** Gated recurrent unit (Cho et al. 2014), {@code torch.nn.GRU}: gates r, z, n (G = 3). */
    public static final String GRU = "gru";
    /** Long short-term memory (Hochreiter and Schmidhuber 1997; Gers et al. 2000), {@code torch.nn.LSTM}:
     *  gates i, f, g, o (G = 4). */
    public static final String LSTM = "lstm";

    /** The three built-in kinds. */
    public static final Set<String> BUILT_IN = Set.of(RNN, GRU, LSTM);

    private CellKinds() {
    }

    /**
     * Number of H-row gate blocks in {@code weight_ih}/{@code weight_hh} for a built-in kind.
     *
     * @throws IllegalArgumentException for a kind that is not built in
     */
    public static int gateCount(String kind) {
        switch (kind) {
            case RNN: return 1;
            case GRU: return 3;
            case LSTM: return 4;
            default:
                throw new IllegalArgumentException("'" + kind + "' is not a built-in cell kind; built-in: "
                        + String.join(", ", sorted()));
        }
    }

    /** Number of state tensors ({@code h}, or {@code h, c} for LSTM) of a built-in kind. */
    public static int stateCount(String kind) {
        gateCount(kind); // rejects kinds that are not built in
        return LSTM.equals(kind) ? 2 : 1;
    }

    /** Returns the kind name normalised to lower case, or throws when it is not a valid identifier. */
    public static String normalise(String kind) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("cell kind is missing; built-in kinds: " + String.join(", ", sorted()));
        }
        String k = kind.trim().toLowerCase(Locale.ROOT);
        if (!k.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException("cell kind '" + kind
                    + "' is not a valid name: use letters, digits, '_' or '-', starting with a letter");
        }
        return k;
    }

    private static java.util.List<String> sorted() {
        return BUILT_IN.stream().sorted().toList();
    }
}
