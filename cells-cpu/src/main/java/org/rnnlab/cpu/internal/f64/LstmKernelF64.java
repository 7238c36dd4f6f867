package org.rnnlab.cpu.internal.f64;

import java.util.function.Supplier;
import org.rnnlab.api.CellSpec;

/**
 * LSTM (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000) as {@code torch.nn.LSTM}:
 * gates i, f, g, o; {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')}. Cache per sample: i, f, g, o ([4H]).
 */
public final class LstmKernelF64 extends RecurrentKernelF64 {

    /** A kernel for {@code spec} (kind lstm): products by {@code gemm} and {@code stepGemm}'s engines, activations by {@code act}. */
    public LstmKernelF64(CellSpec spec, GemmF64 gemm, Supplier<GemmF64> stepGemm, ActivationsF64 act) {
        super(spec, gemm, stepGemm, act, 4, 2, 4 * spec.hiddenSize(), false);
    }

    @Override
    protected void forwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        double[] xp = w.xp;
        double[] hp = w.hp;
        double[] hs = w.states[0];
        double[] cs = w.states[1];
        double[] cache = w.cache;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = b0; b < b1; b++) {
            int rx = (t * n + b) * gh;
            int rh = b * gh;
            int s = b * h;
            // Pre-activations in place in hp, then each gate block through its activation as one run.
            for (int q = 0; q < gh; q++) {
                hp[rh + q] += xp[rx + q];
            }
            act.sigmoid(hp, rh, 2 * h);
            act.tanh(hp, rh + 2 * h, h);
            act.sigmoid(hp, rh + 3 * h, h);
            System.arraycopy(hp, rh, cache, rx, gh); // i, f, g, o
            for (int j = 0; j < h; j++) {
                double c = hp[rh + h + j] * cs[prev + s + j] + hp[rh + j] * hp[rh + 2 * h + j];
                cs[next + s + j] = c;
                hs[next + s + j] = c;
            }
            act.tanh(hs, next + s, h);
            for (int j = 0; j < h; j++) {
                hs[next + s + j] *= hp[rh + 3 * h + j];
            }
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        double[] cs = w.states[1];
        double[] cache = w.cache;
        double[] dh = w.dState[0];
        double[] dc = w.dState[1];
        double[] dxp = w.dxp;
        double[] tc = w.row;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = b0; b < b1; b++) {
            int rx = (t * n + b) * gh;
            int s = b * h;
            System.arraycopy(cs, next + s, tc, s, h);
            act.tanh(tc, s, h);
            for (int j = 0; j < h; j++) {
                double i = cache[rx + j];
                double f = cache[rx + h + j];
                double g = cache[rx + 2 * h + j];
                double o = cache[rx + 3 * h + j];
                double tcj = tc[s + j];
                double dhv = dh[s + j];
                double dct = dc[s + j] + dhv * o * (1 - tcj * tcj);
                dxp[rx + j] = dct * g * i * (1 - i);
                dxp[rx + h + j] = dct * cs[prev + s + j] * f * (1 - f);
                dxp[rx + 2 * h + j] = dct * i * (1 - g * g);
                dxp[rx + 3 * h + j] = dhv * tcj * o * (1 - o);
                dc[s + j] = dct * f;
                dh[s + j] = 0;
            }
        }
    }
}
