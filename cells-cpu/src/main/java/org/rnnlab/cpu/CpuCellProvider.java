package org.rnnlab.cpu;

import java.util.Set;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;
import org.rnnlab.cpu.internal.CpuCell;

/**
 * The {@code cpu} backend: rnn, gru and lstm (with or without a projection of h) in float32 and float64, with
 * whole-sequence kernels whose matrix products run on the JDK Vector API or, without that module, on EJML
 * ({@link MatrixEngine}) (input projections of all steps as one GEMM, fused gate math, weight gradients as one GEMM each).
 * Priority 100; pure Java, so always available.
 */
public final class CpuCellProvider implements CellProvider {
    /** The backend name. */
    public static final String NAME = "cpu";

    private final MatrixEngine engine;

    /** The provider ServiceLoader finds: the Vector API products when the module is present, else EJML. */
    public CpuCellProvider() {
        this(MatrixEngine.AUTO);
    }

    /** A provider with a chosen matrix engine (tests run both). */
    public CpuCellProvider(MatrixEngine engine) {
        this.engine = engine;
    }

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
        return BuiltInKind.ids();
    }

    /** The LSTM with a projection of h ({@code torch.nn.LSTM(proj_size=P)}), fused like the others. */
    @Override
    public boolean offersProjection(String kind) {
        return BuiltInKind.projectable().contains(kind);
    }

    @Override
    public Availability probe() {
        try {
            MatrixEngine e = engine.resolve();
            String products = e == MatrixEngine.VECTOR
                    ? "Vector API matrix products (" + org.rnnlab.cpu.internal.RegisterBlocking.machine().describe() + ")"
                    : "EJML matrix products" + (MatrixEngine.vectorModulePresent() ? "" : " (--add-modules jdk.incubator.vector for the faster Vector API)");
            return Availability.available("pure Java, " + products + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        } catch (RuntimeException ex) {
            return Availability.unavailable(ex.getMessage());
        }
    }

    @Override
    public RecurrentCell create(CellSpec spec) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("the cpu backend offers kinds " + kinds() + " (with projections: "
                    + BuiltInKind.projectable() + "), not '" + spec.kind() + "'");
        }
        return new CpuCell(spec, engine.resolve());
    }
}
