package org.rnnlab.research;

import java.util.EnumSet;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;

/** A provider narrowed to some of another's kinds, so that the contract kit runs over those only. */
final class NarrowedProvider implements CellProvider {
    private final CellProvider inner;
    private final Set<String> kinds;

    NarrowedProvider(CellProvider inner, Set<String> kinds) {
        this.inner = inner;
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public String backend() {
        return inner.backend();
    }

    @Override
    public int priority() {
        return inner.priority();
    }

    @Override
    public Set<String> kinds() {
        return kinds;
    }

    @Override
    public Set<Precision> precisions(String kind) {
        return kinds.contains(kind) ? inner.precisions(kind) : EnumSet.noneOf(Precision.class);
    }

    @Override
    public Set<String> settings(String kind) {
        return inner.settings(kind);
    }

    @Override
    public Availability probe() {
        return inner.probe();
    }

    @Override
    public RecurrentCell create(CellSpec spec) {
        return inner.create(spec);
    }
}
