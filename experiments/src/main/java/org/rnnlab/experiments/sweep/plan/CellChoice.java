package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;
import org.rnnlab.api.CellKinds;

/**
 * A cell of a sweep: its kind and direction, parsed once from the sweep file's {@code lstm} or {@code bi-lstm}.
 *
 * @param kind      the cell kind, normalised ({@link CellKinds#normalise})
 * @param direction forward only, or both ways
 */
public record CellChoice(String kind, Direction direction) implements Serializable {

    /** Validates. */
    public CellChoice {
        kind = CellKinds.normalise(kind);
        if (direction == null) {
            throw new IllegalArgumentException("a cell needs a direction");
        }
    }

    /** {@code lstm} → forward LSTM, {@code bi-gru} → bidirectional GRU. */
    public static CellChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        String bi = Direction.BIDIRECTIONAL.prefix();
        return t.startsWith(bi) ? new CellChoice(t.substring(bi.length()), Direction.BIDIRECTIONAL) : new CellChoice(t, Direction.FORWARD);
    }

    /** The same direction with another kind. */
    public CellChoice withKind(String otherKind) {
        return new CellChoice(otherKind, direction);
    }

    /** As a sweep file writes it: {@code lstm}, {@code bi-lstm}. */
    public String label() {
        return direction.prefix() + kind;
    }

    @Override
    public String toString() {
        return label();
    }
}
