package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A named training component with settings, as written in a sweep file: {@code {name: adam, lr: 0.01}}.
 *
 * @param name     the registered name (optimizer or clipping policy)
 * @param settings everything else, by PyTorch argument name
 */
public record Component(String name, Map<String, Object> settings) {

    /** Validates and copies. */
    public Component {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a component needs a 'name'");
        }
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings == null ? Map.of() : settings));
    }

    /** From a YAML map: {@code name} plus settings. */
    @JsonCreator
    public static Component fromMap(Map<String, Object> map) {
        Map<String, Object> rest = new LinkedHashMap<>(map);
        Object name = rest.remove("name");
        if (name == null) {
            throw new IllegalArgumentException("a component needs a 'name' (for example {name: adam, lr: 0.01})");
        }
        return new Component(name.toString(), rest);
    }

    /** The YAML map form. */
    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.putAll(settings);
        return m;
    }

    /** A stable short label: {@code adam(lr=0.01)}. */
    public String label() {
        if (settings.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('(');
        new TreeMap<>(settings).forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : " ").append(k).append('=').append(v));
        return b.append(')').toString();
    }
}
