package org.rnnlab.cpu.internal;

import org.rnnlab.api.CellKinds;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.spi.AbstractRecurrentCell;
import org.rnnlab.cpu.internal.f32.GruKernelF32;
import org.rnnlab.cpu.internal.f32.LstmKernelF32;
import org.rnnlab.cpu.internal.f32.RnnKernelF32;
import org.rnnlab.cpu.internal.f64.GruKernelF64;
import org.rnnlab.cpu.internal.f64.LstmKernelF64;
import org.rnnlab.cpu.internal.f64.RnnKernelF64;

/** A built-in cell (rnn, gru, lstm) on the CPU, delegating the math to a whole-sequence kernel. */
public final class CpuCell extends AbstractRecurrentCell<AbstractRecurrentCell.Pass> {
    private final SequenceKernel kernel;

    /** Builds the cell and its kernel for the spec's kind and precision. */
    public CpuCell(CellSpec spec) {
        super(spec, ParameterShape.standardLayout(spec), CellKinds.stateCount(spec.kind()));
        this.kernel = kernelFor(spec);
    }

    private static SequenceKernel kernelFor(CellSpec spec) {
        boolean f32 = spec.precision() == Precision.FLOAT32;
        switch (spec.kind()) {
            case CellKinds.RNN: return f32 ? new RnnKernelF32(spec) : new RnnKernelF64(spec);
            case CellKinds.GRU: return f32 ? new GruKernelF32(spec) : new GruKernelF64(spec);
            case CellKinds.LSTM: return f32 ? new LstmKernelF32(spec) : new LstmKernelF64(spec);
            default: throw new IllegalArgumentException("the cpu backend has no kernel for kind '" + spec.kind()
                    + "'; it offers " + CellKinds.BUILT_IN);
        }
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
