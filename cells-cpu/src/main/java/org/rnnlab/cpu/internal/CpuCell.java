package org.rnnlab.cpu.internal;

import java.util.function.Supplier;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.spi.AbstractRecurrentCell;
import org.rnnlab.cpu.MatrixEngine;
import org.rnnlab.cpu.internal.f32.ActivationsF32;
import org.rnnlab.cpu.internal.f32.EjmlGemmF32;
import org.rnnlab.cpu.internal.f32.GemmF32;
import org.rnnlab.cpu.internal.f32.GruKernelF32;
import org.rnnlab.cpu.internal.f32.LstmKernelF32;
import org.rnnlab.cpu.internal.f32.RnnKernelF32;
import org.rnnlab.cpu.internal.f32.ScalarActivationsF32;
import org.rnnlab.cpu.internal.f32.VectorActivationsF32;
import org.rnnlab.cpu.internal.f32.VectorGemmF32;
import org.rnnlab.cpu.internal.f64.ActivationsF64;
import org.rnnlab.cpu.internal.f64.EjmlGemmF64;
import org.rnnlab.cpu.internal.f64.GemmF64;
import org.rnnlab.cpu.internal.f64.GruKernelF64;
import org.rnnlab.cpu.internal.f64.LstmKernelF64;
import org.rnnlab.cpu.internal.f64.RnnKernelF64;
import org.rnnlab.cpu.internal.f64.ScalarActivationsF64;
import org.rnnlab.cpu.internal.f64.VectorActivationsF64;
import org.rnnlab.cpu.internal.f64.VectorGemmF64;

/** A built-in cell (rnn, gru, lstm) on the CPU, delegating the math to a whole-sequence kernel. */
public final class CpuCell extends AbstractRecurrentCell<AbstractRecurrentCell.Pass> {
    private final SequenceKernel kernel;

    /** Builds the cell and its kernel for the spec's kind and precision, with the given (resolved) matrix engine. */
    public CpuCell(CellSpec spec, MatrixEngine engine) {
        super(spec, ParameterShape.standardLayout(spec), BuiltInKind.of(spec.kind()).states());
        this.kernel = kernelFor(spec, engine);
    }

    private static SequenceKernel kernelFor(CellSpec spec, MatrixEngine engine) {
        boolean f32 = spec.precision() == Precision.FLOAT32;
        boolean vector = engine == MatrixEngine.VECTOR;
        GemmF32 g32 = f32 ? (vector ? new VectorGemmF32() : new EjmlGemmF32()) : null;
        GemmF64 g64 = f32 ? null : (vector ? new VectorGemmF64() : new EjmlGemmF64());
        // Per-step products run inside the batch parts, one thread each.
        Supplier<GemmF32> s32 = vector ? () -> new VectorGemmF32(1) : EjmlGemmF32::new;
        Supplier<GemmF64> s64 = vector ? () -> new VectorGemmF64(1) : EjmlGemmF64::new;
        ActivationsF32 a32 = f32 ? (vector ? new VectorActivationsF32() : new ScalarActivationsF32()) : null;
        ActivationsF64 a64 = f32 ? null : (vector ? new VectorActivationsF64() : new ScalarActivationsF64());
        return switch (BuiltInKind.of(spec.kind())) {
            case RNN -> f32 ? new RnnKernelF32(spec, g32, s32, a32) : new RnnKernelF64(spec, g64, s64, a64);
            case GRU -> f32 ? new GruKernelF32(spec, g32, s32, a32) : new GruKernelF64(spec, g64, s64, a64);
            case LSTM -> f32 ? new LstmKernelF32(spec, g32, s32, a32) : new LstmKernelF64(spec, g64, s64, a64);
        };
    }

    @Override
    public String backend() {
        return "cpu";
    }

    @Override
    protected Pass doForward(Tensor input, State initial, Mask mask) {
        SequenceKernel.Result r = kernel.forward(parameters(), input, initial, mask);
        return new Pass(r.output(), r.finalState());
    }

    @Override
    protected Gradients doBackward(Pass pass, Tensor gradOutput, State gradFinal, int window) {
        return kernel.backward(parameters(), gradOutput, gradFinal, window);
    }
}
