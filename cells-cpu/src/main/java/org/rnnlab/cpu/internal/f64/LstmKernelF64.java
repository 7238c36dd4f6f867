package org.rnnlab.cpu.internal.f64;

import java.util.function.Supplier;
import org.rnnlab.api.CellSpec;

/**
 * LSTM (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000) as {@code torch.nn.LSTM}:
 * gates i, f, g, o; {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')}. Cache per sample: i, f, g, o ([4H]). With a
 * projection (LSTMP, Sak et al. 2014; {@code proj_size}) the gate math's {@code o⊙tanh(c')} is m, and the skeleton
 * makes {@code h' = m·W_hrᵀ}.
 */
public final class LstmKernelF64 extends RecurrentKernelF64 {

    /** A kernel for {@code spec} (kind lstm): products by {@code gemm} and {@code stepGemm}'s engines, activations by {@code act}. */
    public LstmKernelF64(CellSpec spec, GemmF64 gemm, Supplier<GemmF64> stepGemm, ActivationsF64 act) {
        super(spec, gemm, stepGemm, act);
    }

    @Override
    protected void forwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        int prev = t * n * h;
        int next = prev + n * h;
        double[] out = w.unprojected();
        int outOff = w.unprojectedOffset(t);
        for (int b = b0; b < b1; b++) {
            int row = t * n + b;
            int s = b * h;
            act.lstmForward(h, w.cache, row * cacheWidth, w.states[1], prev + s, next + s, out, outOff + s); // the cache is XP
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = b0; b < b1; b++) {
            int row = t * n + b;
            int s = b * h;
            act.lstmBackward(h, w.cache, row * cacheWidth, w.states[1], prev + s, next + s, w.row, s, w.dUnprojected(), w.dState[1],
                    s, w.dxp, row * gradStride);
        }
    }
}
