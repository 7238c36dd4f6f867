package org.rnnlab.api;

import java.util.Locale;

/**
 * Activation of the vanilla RNN cell, {@code h' = f(W_ih·x + b_ih + W_hh·h + b_hh)}, as in
 * {@code torch.nn.RNN(nonlinearity=...)}. GRU and LSTM ignore it.
 */
public enum Nonlinearity {
    /** Hyperbolic tangent (Elman 1990); PyTorch's default. */
    TANH,
    /** Rectified linear unit; with an identity recurrent matrix this is the IRNN of Le et al. 2015. */
    RELU;

    /** The lower-case name used in configuration files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code tanh} or {@code relu} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public static Nonlinearity parse(String text) {
        for (Nonlinearity n : values()) {
            if (n.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown nonlinearity '" + text + "'; known: tanh, relu");
    }
}
