package org.rnnlab.api;

import java.util.Map;

/**
 * Result of a backward pass: ∂L/∂θ for every parameter, ∂L/∂input and ∂L/∂(initial state).
 * Fresh tensors, owned by the caller, in the cell's precision.
 *
 * @param parameters   name → gradient, same names and shapes as {@link Parameters}
 * @param input        ∂L/∂x, [T, N, X] (zero on steps outside a truncation window)
 * @param initialState ∂L/∂(initial state), one tensor per state tensor, [N, stateSize(k)] (zero when truncated)
 */
public record Gradients(Map<String, Tensor> parameters, Tensor input, State initialState) {

    /** Makes the parameter map unmodifiable. */
    public Gradients {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /** The gradient of one parameter; the error lists the known names. */
    public Tensor parameter(String name) {
        Tensor t = parameters.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no gradient for '" + name + "'; known: " + String.join(", ", parameters.keySet()));
        }
        return t;
    }
}
