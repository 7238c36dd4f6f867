package org.rnnlab.gpu.internal;

import jcuda.driver.CUdeviceptr;
import org.rnnlab.api.CellSpec;

/**
 * LSTM (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000) as {@code torch.nn.LSTM}: gates
 * i, f, g, o; {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')}. Cache per sample and step: i, f, g, o ([4H]).
 */
final class LstmGpuKernel extends GpuSequenceKernel {

    LstmGpuKernel(CudaDevice device, CellSpec spec) {
        super(device, spec);
    }

    @Override
    protected void forwardStep(Workspace w, int t, CUdeviceptr mask) {
        long nh = (long) w.batch * hidden;
        long ngh = (long) w.batch * gh;
        long cache = (long) t * w.batch * cacheWidth;
        kernels.step("lstm_forward_step", w.batch, hidden, w.xp.at(t * ngh), w.hp.at(0), recurrentBias(), w.states[0].at(t * nh),
                w.states[1].at(t * nh), w.states[0].at((t + 1) * nh), w.states[1].at((t + 1) * nh), w.cache.at(cache), mask);
    }

    @Override
    protected void backwardStep(Workspace w, int t, CUdeviceptr mask) {
        long nh = (long) w.batch * hidden;
        long ngh = (long) w.batch * gh;
        long cache = (long) t * w.batch * cacheWidth;
        kernels.step("lstm_backward_step", w.batch, hidden, w.cache.at(cache), w.states[1].at(t * nh),
                w.states[1].at((t + 1) * nh), w.dOut.at(t * nh), w.dState[0].at(0), w.dState[1].at(0), w.dxp.at(t * ngh),
                mask);
    }
}
