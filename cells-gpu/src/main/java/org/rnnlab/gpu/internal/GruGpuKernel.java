package org.rnnlab.gpu.internal;

import jcuda.driver.CUdeviceptr;
import org.rnnlab.api.CellSpec;

/**
 * GRU (Cho et al. 2014) as {@code torch.nn.GRU}: gates r, z, n; {@code n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))},
 * {@code h' = (1 − z)⊙n + z⊙h}. Cache per sample and step: r, z, n and {@code W_hn·h + b_hn} ([4H]).
 */
final class GruGpuKernel extends GpuSequenceKernel {

    GruGpuKernel(CudaDevice device, CellSpec spec) {
        super(device, spec);
    }

    @Override
    protected void forwardStep(Workspace w, int t, CUdeviceptr mask) {
        long nh = (long) w.batch * hidden;
        long cache = (long) t * w.batch * cacheWidth;
        kernels.step("gru_forward_step", w.batch, hidden, w.xp.at(t * w.batch * (long) gh), w.hp.at(0),
                recurrentBias(), w.states[0].at(t * nh), w.states[0].at((t + 1) * nh), w.cache.at(cache), mask);
    }

    @Override
    protected void backwardStep(Workspace w, int t, CUdeviceptr mask) {
        long nh = (long) w.batch * hidden;
        long ngh = (long) w.batch * gh;
        long cache = (long) t * w.batch * cacheWidth;
        kernels.step("gru_backward_step", w.batch, hidden, w.cache.at(cache), w.states[0].at(t * nh),
                w.dOut.at(t * nh), w.dState[0].at(0), w.dxp.at(t * ngh), w.dhp.at(t * ngh), mask);
    }
}
