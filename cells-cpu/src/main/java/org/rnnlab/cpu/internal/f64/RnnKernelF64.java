package org.rnnlab.cpu.internal.f64;

import java.util.function.Supplier;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Nonlinearity;

/**
 * Elman RNN as {@code torch.nn.RNN}: {@code h' = f(W_ih·x + b_ih + W_hh·h + b_hh)}, f = tanh or ReLU. The
 * derivative is taken from the output (1 − h'² for tanh; 1 where h' &gt; 0 for ReLU), so no cache is kept.
 */
public final class RnnKernelF64 extends RecurrentKernelF64 {
    private final boolean relu;

    /** A kernel for {@code spec} (kind rnn): products by {@code gemm} and {@code stepGemm}'s engines, activations by {@code act}. */
    public RnnKernelF64(CellSpec spec, GemmF64 gemm, Supplier<GemmF64> stepGemm, ActivationsF64 act) {
        super(spec, gemm, stepGemm, act);
        this.relu = spec.nonlinearity() == Nonlinearity.RELU;
    }

    @Override
    protected void forwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        double[] xp = w.xp; // the whole pre-activation: the step's recurrent product went into it
        double[] hs = w.states[0];
        int next = (t + 1) * n * h;
        int rx = t * n * h;
        for (int i = b0 * h; i < b1 * h; i++) {
            double a = xp[rx + i];
            hs[next + i] = relu ? Math.max(0, a) : a;
        }
        if (!relu) {
            act.tanh(hs, next + b0 * h, (b1 - b0) * h);
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        double[] hs = w.states[0];
        double[] dh = w.dState[0];
        double[] dxp = w.dxp;
        int next = (t + 1) * n * h;
        for (int b = b0; b < b1; b++) {
            int rx = (t * n + b) * gradStride - b * h; // dXP's row of sample b, indexed like the states
            for (int i = b * h; i < (b + 1) * h; i++) {
                double v = hs[next + i];
                dxp[rx + i] = dh[i] * (relu ? (v > 0 ? 1 : 0) : 1 - v * v);
                dh[i] = 0;
            }
        }
    }
}
