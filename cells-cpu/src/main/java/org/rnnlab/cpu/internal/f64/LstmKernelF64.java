package org.rnnlab.cpu.internal.f64;

import org.rnnlab.api.CellSpec;
import org.rnnlab.cpu.internal.Activations;

/**
 * LSTM (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000) as {@code torch.nn.LSTM}:
 * gates i, f, g, o; {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')}. Cache per sample: i, f, g, o ([4H]).
 */
public final class LstmKernelF64 extends RecurrentKernelF64 {

    /** A kernel for {@code spec} using {@code gemm} (kind lstm). */
    public LstmKernelF64(CellSpec spec, GemmF64 gemm) {
        super(spec, gemm, 4, 2, 4 * spec.hiddenSize(), false);
    }

    @Override
    protected void forwardStep(Workspace w, int t) {
        int n = w.batch;
        int h = hidden;
        double[] xp = w.xp;
        double[] hp = w.hp;
        double[] hs = w.states[0];
        double[] cs = w.states[1];
        double[] act = w.cache;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = 0; b < n; b++) {
            int rx = (t * n + b) * gh;
            int rh = b * gh;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double i = Activations.sigmoid(xp[rx + j] + hp[rh + j]);
                double f = Activations.sigmoid(xp[rx + h + j] + hp[rh + h + j]);
                double g = Activations.tanh(xp[rx + 2 * h + j] + hp[rh + 2 * h + j]);
                double o = Activations.sigmoid(xp[rx + 3 * h + j] + hp[rh + 3 * h + j]);
                double c = f * cs[prev + s + j] + i * g;
                cs[next + s + j] = c;
                hs[next + s + j] = o * Activations.tanh(c);
                act[rx + j] = i;
                act[rx + h + j] = f;
                act[rx + 2 * h + j] = g;
                act[rx + 3 * h + j] = o;
            }
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t) {
        int n = w.batch;
        int h = hidden;
        double[] cs = w.states[1];
        double[] act = w.cache;
        double[] dh = w.dState[0];
        double[] dc = w.dState[1];
        double[] dxp = w.dxp;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = 0; b < n; b++) {
            int rx = (t * n + b) * gh;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double i = act[rx + j];
                double f = act[rx + h + j];
                double g = act[rx + 2 * h + j];
                double o = act[rx + 3 * h + j];
                double tc = Activations.tanh(cs[next + s + j]);
                double dhv = dh[s + j];
                double dct = dc[s + j] + dhv * o * (1 - tc * tc);
                dxp[rx + j] = dct * g * i * (1 - i);
                dxp[rx + h + j] = dct * cs[prev + s + j] * f * (1 - f);
                dxp[rx + 2 * h + j] = dct * i * (1 - g * g);
                dxp[rx + 3 * h + j] = dhv * tc * o * (1 - o);
                dc[s + j] = dct * f;
                dh[s + j] = 0;
            }
        }
    }
}
