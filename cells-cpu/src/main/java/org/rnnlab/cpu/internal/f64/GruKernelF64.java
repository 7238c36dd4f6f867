package org.rnnlab.cpu.internal.f64;

import java.util.function.Supplier;
import org.rnnlab.api.CellSpec;

/**
 * GRU (Cho et al. 2014) as {@code torch.nn.GRU}: gates r, z, n; {@code n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))},
 * {@code h' = (1 − z)⊙n + z⊙h}. Cache per sample: r, z, n and {@code W_hn·h + b_hn} ([4H]).
 */
public final class GruKernelF64 extends RecurrentKernelF64 {

    /** A kernel for {@code spec} (kind gru): products by {@code gemm} and {@code stepGemm}'s engines, activations by {@code act}. */
    public GruKernelF64(CellSpec spec, GemmF64 gemm, Supplier<GemmF64> stepGemm, ActivationsF64 act) {
        super(spec, gemm, stepGemm, act);
    }

    @Override
    protected void forwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = b0; b < b1; b++) {
            int row = t * n + b;
            int s = b * h;
            act.gruForward(h, w.hp, b * gh, w.xp, row * gh, w.cache, row * cacheWidth, w.states[0], prev + s, next + s);
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        int prev = t * n * h;
        for (int b = b0; b < b1; b++) {
            int row = t * n + b;
            act.gruBackward(h, w.cache, row * cacheWidth, w.states[0], prev + b * h, w.dState[0], b * h, w.dxp, w.dhp, row * gradStride);
        }
    }
}
