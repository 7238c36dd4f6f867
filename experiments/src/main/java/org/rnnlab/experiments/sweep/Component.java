package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A named training component with settings, as written in a sweep file: {@code {name: adam, lr: 0.01}}. The settings
 * are checked by the component's own factory when the plan is resolved.
 *
 * @param name     the registered name (optimizer or clipping policy), lower case
 * @param settings everything else, by PyTorch argument name (numbers, booleans, text, lists, maps as parsed)
 */
public record Component(String name, Map<String, Object> settings) implements Serializable {

    /** Validates and copies; the name is normalised to lower case. */
    public Component {
        if (name == null || name.isBlank()) {
            throw new SweepKeyException("name", "a component needs a 'name' (for example {name: adam, lr: 0.01})");
        }
        name = name.trim().toLowerCase(java.util.Locale.ROOT);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings == null ? Map.of() : settings));
    }

    /** From a YAML name alone: {@code adding} is {@code {name: adding}}. */
    @JsonCreator
    public static Component fromName(String name) {
        return new Component(name, Map.of());
    }

    /** From a YAML map: {@code name} plus settings. */
    @JsonCreator
    public static Component fromMap(Map<String, Object> map) {
        Map<String, Object> rest = new LinkedHashMap<>(map);
        Object name = rest.remove("name");
        if (name == null) {
            throw new SweepKeyException("name", "a component needs a 'name' (for example {name: adam, lr: 0.01})");
        }
        if (!(name instanceof String s)) {
            throw new SweepKeyException("name", "must be text, got " + name);
        }
        return new Component(s, rest);
    }

    /** The YAML map form. */
    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.putAll(settings);
        return m;
    }

    /** A stable short label, settings sorted by key: {@code adam(lr=0.01)}. */
    public String label() {
        if (settings.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('(');
        new TreeMap<>(settings).forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : " ").append(k).append('=').append(v));
        // One line always: the label is a column of results.csv, which is read a line at a time.
        return b.append(')').toString().replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return label();
    }
}
