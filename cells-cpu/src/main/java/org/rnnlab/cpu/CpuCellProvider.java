package org.rnnlab.cpu;

import java.util.Set;
import org.rnnlab.api.CellKinds;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;
import org.rnnlab.cpu.internal.CpuCell;

/**
 * The {@code cpu} backend: rnn, gru and lstm in float32 and float64 on EJML, with whole-sequence kernels
 * (input projections of all steps as one GEMM, fused gate math, weight gradients as one GEMM each).
 * Priority 100; pure Java, so always available.
 */
public final class CpuCellProvider implements CellProvider {
    /** The backend name. */
    public static final String NAME = "cpu";

    @Override
    public String backend() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Set<String> kinds() {
        return CellKinds.BUILT_IN;
    }

    @Override
    public Availability probe() {
        return Availability.available("pure Java on EJML, " + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @Override
    public RecurrentCell create(CellSpec spec) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("the cpu backend offers kinds " + CellKinds.BUILT_IN + ", not '" + spec.kind() + "'");
        }
        return new CpuCell(spec);
    }
}
