package org.rnnlab.gpu.internal;

import jcuda.driver.CUdeviceptr;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Nonlinearity;

/**
 * Elman RNN as {@code torch.nn.RNN}: {@code h' = f(W_ih·x + b_ih + W_hh·h + b_hh)}, f = tanh or ReLU; the derivative
 * is taken from the output, so no cache is kept.
 */
final class RnnGpuKernel extends GpuSequenceKernel {
    private final int relu;

    RnnGpuKernel(CudaDevice device, CellSpec spec) {
        super(device, spec);
        this.relu = spec.nonlinearity() == Nonlinearity.RELU ? 1 : 0;
    }

    @Override
    protected void forwardStep(Workspace w, int t, CUdeviceptr mask) {
        long nh = (long) w.batch * hidden;
        kernels.step("rnn_forward_step", w.batch, hidden, relu, w.xp.at(t * nh), w.hp.at(0), recurrentBias(), w.states[0].at(t * nh),
                w.states[0].at((t + 1) * nh), mask);
    }

    @Override
    protected void backwardStep(Workspace w, int t, CUdeviceptr mask) {
        long nh = (long) w.batch * hidden;
        kernels.step("rnn_backward_step", w.batch, hidden, relu, w.states[0].at((t + 1) * nh), w.dOut.at(t * nh),
                w.dState[0].at(0), w.dxp.at(t * nh), mask);
    }
}
