package org.rnnlab.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cell kind's own settings, beyond what every cell has: coRNN's time step and damping, IndRNN's bound on its recurrent
 * weights, an activation. Names map to numbers, text or booleans; the provider that builds the cell reads them
 * ({@link #number}, {@link #text}, {@link #flag}) and refuses names it does not know ({@link #requireOnly}), so a misspelt
 * setting fails when the cell is made, never silently. The built-in kinds take none.
 *
 * @param values name → value: {@link Long} for integers, {@link Double} for other numbers (finite), {@link String},
 *               {@link Boolean}; names are lower-case identifiers. Sorted, unmodifiable.
 */
public record CellSettings(SortedMap<String, Object> values) implements Serializable {
    /** No settings: every kind's defaults. */
    public static final CellSettings NONE = new CellSettings(new TreeMap<>());

    /** Validates names and values, and copies them. */
    public CellSettings {
        if (values == null) {
            throw new IllegalArgumentException("cell settings must not be null; use CellSettings.NONE");
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String name = e.getKey();
            if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("cell setting name '" + name + "' is not valid: use lower-case letters, digits and '_', "
                        + "starting with a letter");
            }
            copy.put(name, normalise(name, e.getValue()));
        }
        values = Collections.unmodifiableSortedMap(copy);
    }

    /** Settings from a map (numbers, text, booleans). */
    public static CellSettings of(Map<String, ?> values) {
        return new CellSettings(new TreeMap<>(values));
    }

    private static Object normalise(String name, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("cell setting '" + name + "' must be finite, got " + d);
            }
            return d;
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("cell setting '" + name + "' must be a number, text or a boolean, got "
                + (v == null ? "nothing" : v.getClass().getSimpleName() + " " + v));
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The number named {@code name}, or {@code otherwise} when absent. */
    public double number(String name, double otherwise) {
        Object v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("cell setting '" + name + "' must be a number, got '" + v + "'");
        }
        return n.doubleValue();
    }

    /** The text named {@code name}, or {@code otherwise} when absent. */
    public String text(String name, String otherwise) {
        Object v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("cell setting '" + name + "' must be text, got " + v);
        }
        return s;
    }

    /** The boolean named {@code name}, or {@code otherwise} when absent. */
    public boolean flag(String name, boolean otherwise) {
        Object v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("cell setting '" + name + "' must be true or false, got " + v);
        }
        return b;
    }

    /**
     * Refuses names outside {@code known}: for a provider's {@code create}.
     *
     * @throws IllegalArgumentException naming the unknown setting and the kind's settings
     */
    public void requireOnly(String kind, Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("cell kind '" + kind + "' has no setting '" + name + "'; "
                        + (known.isEmpty() ? "it takes none" : "its settings: " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
