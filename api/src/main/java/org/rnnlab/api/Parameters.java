package org.rnnlab.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell's parameters by PyTorch name, in layout order. The tensors are live: an optimizer that
 * writes into them changes the cell. The set of names and the shapes are fixed.
 */
public final class Parameters {
    private final List<ParameterShape> layout;
    private final Map<String, Tensor> tensors;

    /** Zero tensors for every entry of {@code layout}. */
    public Parameters(List<ParameterShape> layout, Precision precision) {
        this.layout = List.copyOf(layout);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (ParameterShape p : this.layout) {
            if (m.put(p.name(), Tensor.zeros(precision, p.dims())) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "' in layout " + layout);
            }
        }
        this.tensors = Collections.unmodifiableMap(m);
    }

    private Parameters(List<ParameterShape> layout, Map<String, Tensor> tensors) {
        this.layout = List.copyOf(layout);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * A view over existing live tensors (for example the cells of a network, renamed): no copy. Every layout entry
     * needs a tensor of its shape, all in one precision.
     */
    public static Parameters view(List<ParameterShape> layout, Map<String, Tensor> live) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Precision precision = null;
        for (ParameterShape p : layout) {
            Tensor t = live.get(p.name());
            if (t == null || !t.hasShape(p.dims())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' needs a tensor of shape " + Arrays.toString(p.dims())
                        + ", got " + t);
            }
            if (precision != null && t.precision() != precision) {
                throw new IllegalArgumentException("parameters mix " + precision.id() + " and " + t.precision().id());
            }
            precision = t.precision();
            if (m.put(p.name(), t) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
            }
        }
        if (live.size() != layout.size()) {
            throw new IllegalArgumentException("the view has " + live.size() + " tensors for a layout of " + layout.size());
        }
        return new Parameters(layout, m);
    }

    /** The layout: names, roles and shapes, in order. */
    public List<ParameterShape> layout() {
        return layout;
    }

    /** The names, in layout order. */
    public List<String> names() {
        return layout.stream().map(ParameterShape::name).toList();
    }

    /** Whether a parameter of this name exists. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The live tensor of a parameter.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is unknown
     */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + String.join(", ", names()));
        }
        return t;
    }

    /** The live tensor at layout position {@code index}. */
    public Tensor get(int index) {
        return tensors.get(layout.get(index).name());
    }

    /** Number of parameter tensors. */
    public int count() {
        return layout.size();
    }

    /** Total number of scalar parameters. */
    public long scalarCount() {
        return layout.stream().mapToLong(ParameterShape::size).sum();
    }

    /** An unmodifiable name → live tensor view, in layout order. */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /**
     * Copies values from {@code source} (for example a PyTorch {@code state_dict}), converting precision.
     * Every parameter must be present with its exact shape; no extra names are allowed.
     */
    public void load(Map<String, Tensor> source) {
        for (String name : source.keySet()) {
            if (!tensors.containsKey(name)) {
                throw new IllegalArgumentException("unexpected parameter '" + name + "'; this cell has: " + String.join(", ", names())
                        + (name.startsWith("weight_hr") ? " (weight_hr is the projection of torch.nn.LSTM(proj_size=P), [P, H]: build "
                        + "the cell with CellSpec.withProjection(P), P = " + source.get(name).dim(0) + ")" : ""));
            }
        }
        for (ParameterShape p : layout) {
            Tensor s = source.get(p.name());
            if (s == null) {
                throw new IllegalArgumentException("missing parameter '" + p.name() + "' (shape " + Arrays.toString(p.dims()) + ")");
            }
            if (!s.hasShape(p.dims())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' has shape " + Arrays.toString(s.shape())
                        + "; this cell expects " + Arrays.toString(p.dims()));
            }
        }
        for (ParameterShape p : layout) {
            tensors.get(p.name()).copyFrom(source.get(p.name()));
        }
    }

    /**
     * The sum of the tensors' {@link Tensor#version versions}: it moves whenever any parameter may have been written
     * (an optimizer's step, {@link #load}, a write through a tensor), and only then. A backend that keeps the parameters
     * elsewhere (a GPU) compares it, or the tensors' own versions, with those of its last copy.
     */
    public long version() {
        long sum = 0;
        for (Tensor t : tensors.values()) {
            sum += t.version();
        }
        return sum;
    }

    /** A deep copy of all values, name → tensor. */
    public Map<String, Tensor> snapshot() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }
}
