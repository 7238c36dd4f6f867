package org.rnnlab.api.layers;

import java.util.List;
import java.util.Map;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

/**
 * Gradients of a network: by PyTorch parameter name, for the input [T, N, X], and for each initial state
 * (index {@code layer · directions + dir}).
 *
 * @param parameters    name → gradient
 * @param input         ∂L/∂input
 * @param initialStates ∂L/∂(initial state) per layer and direction
 */
public record NetworkGradients(Map<String, Tensor> parameters, Tensor input, List<State> initialStates) {

    /** Makes the collections unmodifiable. */
    public NetworkGradients {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        initialStates = List.copyOf(initialStates);
    }

    /** One parameter's gradient; the error lists the known names. */
    public Tensor parameter(String name) {
        Tensor t = parameters.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no gradient for '" + name + "'; known: " + String.join(", ", parameters.keySet()));
        }
        return t;
    }
}
