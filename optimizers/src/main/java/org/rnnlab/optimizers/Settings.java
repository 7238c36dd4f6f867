package org.rnnlab.optimizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of one named component (an optimizer, a schedule, a clipping policy) as they come from a configuration
 * file: a map of key → value (numbers, booleans, strings, lists). Typed getters name the component and the key in
 * every error; {@link #finish()} rejects keys nobody read, listing the known ones, so a typo never passes silently.
 * Keys follow PyTorch's argument names ({@code lr}, {@code weight_decay}, {@code betas}, …).
 */
public final class Settings {
    private final String owner;
    private final Map<String, Object> values;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param owner  what the settings configure, for messages, e.g. {@code optimizer 'adam'}
     * @param values the raw values (copied)
     */
    public Settings(String owner, Map<String, ?> values) {
        this.owner = owner;
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No settings: every default applies. */
    public static Settings empty(String owner) {
        return new Settings(owner, Map.of());
    }

    /** What these settings configure. */
    public String owner() {
        return owner;
    }

    /** A number, or {@code fallback} when absent. */
    public double number(String key, double fallback) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        // No coercion from text: a quoted "0.01" in a config file is a typo as likely as a number.
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + describe(v));
    }

    /** A whole number, or {@code fallback} when absent. */
    public int integer(String key, int fallback) {
        double d = number(key, fallback);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(owner + ": '" + key + "' must be a whole number, got " + values.get(key));
        }
        return (int) d;
    }

    /** A boolean, or {@code fallback} when absent. */
    public boolean flag(String key, boolean fallback) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be true or false, got " + describe(v));
    }

    /** A string, or {@code fallback} when absent. */
    public String text(String key, String fallback) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be text, got " + describe(v));
    }

    /** A value as a message shows it: text quoted, so that {@code "0.01"} and {@code 0.01} read differently. */
    private static String describe(Object v) {
        return v instanceof String s ? "the text '" + s + "'" : String.valueOf(v);
    }

    /** A list of numbers of the given length (for example {@code betas: [0.9, 0.999]}), or {@code fallback}. */
    public double[] numbers(String key, double[] fallback) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback.clone();
        }
        if (!(v instanceof List<?> list) || list.size() != fallback.length) {
            throw new IllegalArgumentException(owner + ": '" + key + "' must be a list of " + fallback.length + " numbers, got '" + v + "'");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(owner + ": '" + key + "' must hold numbers, got '" + list.get(i) + "'");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** A nested list of settings maps (for composite components), each wrapped for {@code childOwner}. */
    public List<Map<String, Object>> list(String key) {
        known.add(key);
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(owner + ": '" + key + "' must be a list, got '" + v + "'");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(owner + ": every entry of '" + key + "' must be a map, got '" + o + "'");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), val));
            out.add(copy);
        }
        return out;
    }

    /** Rejects any key that no getter asked for. Call after reading every setting. */
    public void finish() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(owner + ": unknown setting '" + key + "'; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** Requires {@code lo ≤ value} (and {@code value < hi} when {@code hiExclusive}, else {@code value ≤ hi}). */
    public double check(String key, double value, double lo, double hi, boolean hiExclusive) {
        boolean ok = value >= lo && (hiExclusive ? value < hi : value <= hi) && !Double.isNaN(value);
        if (!ok) {
            throw new IllegalArgumentException(owner + ": '" + key + "' must be in [" + fmt(lo) + ", " + fmt(hi) + (hiExclusive ? ")" : "]")
                    + ", got " + value);
        }
        return value;
    }

    private static String fmt(double d) {
        return Double.isInfinite(d) ? "∞" : (d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d));
    }
}
