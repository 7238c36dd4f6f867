package org.rnnlab.gpu.internal;

import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.DeviceMemory;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.spi.AbstractRecurrentCell;

/** A built-in cell (rnn, gru, lstm) on a CUDA device, float32, delegating the math to a {@link GpuSequenceKernel}. */
public final class GpuCell extends AbstractRecurrentCell<AbstractRecurrentCell.Pass> {
    /** The backend name. */
    public static final String BACKEND = "cuda";

    private final GpuSequenceKernel kernel;
    private boolean closed;

    /** Builds the cell, its parameters (on the host, drawn from the spec) and their device copies. */
    public GpuCell(CellSpec spec, CudaDevice device) {
        super(spec, ParameterShape.standardLayout(spec), BuiltInKind.of(spec.kind()).states());
        this.kernel = kernelFor(spec, device);
    }

    private static GpuSequenceKernel kernelFor(CellSpec spec, CudaDevice device) {
        return switch (BuiltInKind.of(spec.kind())) {
            case RNN -> new RnnGpuKernel(device, spec);
            case GRU -> new GruGpuKernel(device, spec);
            case LSTM -> new LstmGpuKernel(device, spec);
        };
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    /** The device kernel, for benchmarks that time the passes without host copies. */
    public GpuSequenceKernel kernel() {
        return kernel;
    }

    @Override
    protected Pass doForward(Tensor input, State initial, Mask mask) {
        checkOpen();
        GpuSequenceKernel.Result r = kernel.forward(parameters(), input, initial, mask);
        return new Pass(r.output(), r.finalState());
    }

    @Override
    protected Gradients doBackward(Pass pass, Tensor gradOutput, State gradFinal, int window) {
        checkOpen();
        return kernel.backward(parameters(), gradOutput, gradFinal, window);
    }

    /** The weights and the latest pass shape's buffers on the device, and the device's memory. */
    @Override
    public java.util.Optional<DeviceMemory> deviceMemory() {
        checkOpen();
        return java.util.Optional.of(new DeviceMemory(kernel.device().description(), kernel.deviceBytes(), kernel.device().totalBytes()));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this cuda cell was closed (its device memory is freed); create a new cell");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            kernel.close();
        }
    }
}
