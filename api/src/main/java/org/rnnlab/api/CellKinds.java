package org.rnnlab.api;

import java.util.Locale;
import java.util.Set;

/**
 * Names of the built-in cell kinds (their gates, states and cache are described by {@link BuiltInKind}). A plugin may
 * define its own kind name; kind names are lower-case identifiers ({@code [a-z][a-z0-9_-]*}).
 */
public final class CellKinds {
    /** Elman RNN, {@code torch.nn.RNN} ({@link BuiltInKind#RNN}). */
    public static final String RNN = "rnn";
    /** Gated recurrent unit, {@code torch.nn.GRU} ({@link BuiltInKind#GRU}). */
    public static final String GRU = "gru";
    /** Long short-term memory, {@code torch.nn.LSTM} ({@link BuiltInKind#LSTM}). */
    public static final String LSTM = "lstm";

    /** The three built-in kinds ({@link BuiltInKind#ids()}). */
    public static final Set<String> BUILT_IN = BuiltInKind.ids();

    private CellKinds() {
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
