package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlab.api.CellKinds;
import org.rnnlab.api.CellSettings;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Initialization;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.experiments.sweep.Component;

/**
 * A cell of a sweep, parsed once from the sweep file's {@code lstm}, {@code bi-lstm}, {@code {name: lstm, proj_size: 16}}
 * or {@code {name: cornn, dt: 0.05}}: its kind, direction, projection and the kind's own settings.
 *
 * @param kind       the cell kind, normalised ({@link CellKinds#normalise})
 * @param direction  forward only, or both ways
 * @param projection {@code proj_size}: 0 for none ({@link CellSpec#projectionSize()})
 * @param settings   the kind's own settings ({@link CellSettings}; checked against the provider when the plan is resolved)
 */
public record CellChoice(String kind, Direction direction, int projection, CellSettings settings) implements Serializable {

    /** The setting a sweep file names the projection by, as {@code torch.nn.LSTM} does. */
    public static final String PROJECTION = "proj_size";

    /** Validates. */
    public CellChoice {
        kind = CellKinds.normalise(kind);
        if (direction == null) {
            throw new IllegalArgumentException("a cell needs a direction");
        }
        if (projection < 0) {
            throw new IllegalArgumentException(PROJECTION + " must be at least 1 (leave it out for none), got " + projection);
        }
        if (settings == null) {
            throw new IllegalArgumentException("cell settings must not be null; use CellSettings.NONE");
        }
    }

    /** A cell without projection or settings. */
    public CellChoice(String kind, Direction direction) {
        this(kind, direction, 0, CellSettings.NONE);
    }

    /** {@code lstm} → forward LSTM, {@code bi-gru} → bidirectional GRU. */
    public static CellChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        String bi = Direction.BIDIRECTIONAL.prefix();
        return t.startsWith(bi) ? new CellChoice(t.substring(bi.length()), Direction.BIDIRECTIONAL) : new CellChoice(t, Direction.FORWARD);
    }

    /**
     * A sweep file's cell entry: the name as {@link #parse}, {@code proj_size} (a whole number) the projection, every other
     * setting the kind's own.
     *
     * @throws IllegalArgumentException for a projection that is not a whole number ≥ 1, or a setting that is not a number,
     *                                  text or a boolean
     */
    public static CellChoice of(Component entry) {
        CellChoice named = parse(entry.name());
        Map<String, Object> rest = new LinkedHashMap<>(entry.settings());
        Object p = rest.remove(PROJECTION);
        int projection = 0;
        if (p != null) {
            if (!(p instanceof Integer || p instanceof Long) || ((Number) p).longValue() < 1 || ((Number) p).longValue() > CellSpec.MAX_SIZE) {
                throw new IllegalArgumentException("'" + PROJECTION + "' must be a whole number in [1, H) (leave it out for none), got " + p);
            }
            projection = ((Number) p).intValue();
        }
        // 66 and 66.0 are the same setting to every provider (CellSettings.number): one label, one fingerprint.
        rest.replaceAll((k, v) -> v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) d.longValue() : v);
        return new CellChoice(named.kind(), named.direction(), projection, CellSettings.of(rest));
    }

    /** The same direction with another kind, without projection or settings (for comparisons with a plain cell). */
    public CellChoice withKind(String otherKind) {
        return new CellChoice(otherKind, direction);
    }

    /** The same cell, forward only: what a one-direction measurement (the memory probe) describes. */
    public CellChoice forward() {
        return new CellChoice(kind, Direction.FORWARD, projection, settings);
    }

    /** The spec of one direction of this cell. */
    public CellSpec spec(int input, int hidden, Precision precision, Initialization initialization, long seed) {
        return new CellSpec(kind, input, hidden, Nonlinearity.TANH, true, precision, initialization, seed, settings, projection);
    }

    /**
     * As a sweep file writes it, settings sorted by key: {@code lstm}, {@code bi-lstm}, {@code lstm(proj_size=16)},
     * {@code cornn(dt=0.05 scheme=explicit)}. A column of results.csv and part of every point's fingerprint.
     */
    public String label() {
        Map<String, Object> all = new java.util.TreeMap<>(settings.values());
        if (projection > 0) {
            all.put(PROJECTION, projection);
        }
        return new Component(direction.prefix() + kind, all).label();
    }

    @Override
    public String toString() {
        return label();
    }
}
