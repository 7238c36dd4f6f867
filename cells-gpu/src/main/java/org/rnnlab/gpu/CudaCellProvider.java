package org.rnnlab.gpu;

import java.util.EnumSet;
import java.util.Set;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;
import org.rnnlab.gpu.internal.CudaDevice;
import org.rnnlab.gpu.internal.GpuCell;

/**
 * The {@code cuda} backend: rnn, gru and lstm in float32 on an NVIDIA GPU (compute capability 8.0 or newer) through
 * JCuda's driver API; no projection of h ({@link CellProvider#offersProjection} is false, so the registry passes a
 * projected LSTM to the cpu backend). Priority 200, above the CPU backend, when {@link #probe()} finds a driver and a device; without
 * them it reports why, and the registry falls back to the CPU. Bidirectional and stacked layers come from
 * {@link org.rnnlab.api.layers.RecurrentNetwork} over these cells.
 */
public final class CudaCellProvider implements CellProvider {
    /** The backend name. */
    public static final String NAME = GpuCell.BACKEND;

    /** Does no work: the native library loads in {@link #probe()}. */
    public CudaCellProvider() {
    }

    @Override
    public String backend() {
        return NAME;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public Set<String> kinds() {
        return BuiltInKind.ids();
    }

    @Override
    public Set<Precision> precisions(String kind) {
        return EnumSet.of(Precision.FLOAT32);
    }

    @Override
    public Availability probe() {
        return CudaDevice.probe();
    }

    @Override
    public RecurrentCell create(CellSpec spec) {
        if (spec.projectionSize() > 0) {
            throw new IllegalArgumentException("the cuda backend has no projection of h (projectionSize " + spec.projectionSize()
                    + "): its kernels keep every state at hiddenSize " + spec.hiddenSize() + "; use the cpu backend for a projected "
                    + spec.kind() + ", or projectionSize 0");
        }
        if (!supports(spec)) {
            throw new IllegalArgumentException("the cuda backend offers kinds " + kinds() + " in float32, not '"
                    + spec.kind() + "' in " + spec.precision().id()
                    + (spec.precision() == Precision.FLOAT64 ? "; use precision float32, or the cpu backend for float64" : ""));
        }
        return new GpuCell(spec, CudaDevice.get());
    }
}
