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
        super(spec, gemm, stepGemm, act, 3, 1, 4 * spec.hiddenSize(), true);
    }

    @Override
    protected void forwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        int cw = 4 * h;
        double[] xp = w.xp;
        double[] hp = w.hp;
        double[] hs = w.states[0];
        double[] cache = w.cache;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = b0; b < b1; b++) {
            int rx = (t * n + b) * gh;
            int rh = b * gh;
            int rc = (t * n + b) * cw;
            int s = b * h;
            System.arraycopy(hp, rh + 2 * h, cache, rc + 3 * h, h); // hn = W_hn·h + b_hn, before hp is overwritten
            for (int q = 0; q < 2 * h; q++) {
                hp[rh + q] += xp[rx + q];
            }
            act.sigmoid(hp, rh, 2 * h); // r, z
            for (int j = 0; j < h; j++) {
                hp[rh + 2 * h + j] = xp[rx + 2 * h + j] + hp[rh + j] * cache[rc + 3 * h + j];
            }
            act.tanh(hp, rh + 2 * h, h); // n
            System.arraycopy(hp, rh, cache, rc, 3 * h); // r, z, n
            for (int j = 0; j < h; j++) {
                double z = hp[rh + h + j];
                hs[next + s + j] = (1 - z) * hp[rh + 2 * h + j] + z * hs[prev + s + j];
            }
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t, int b0, int b1) {
        int n = w.batch;
        int h = hidden;
        int cw = 4 * h;
        double[] hs = w.states[0];
        double[] act = w.cache;
        double[] dh = w.dState[0];
        double[] dxp = w.dxp;
        double[] dhp = w.dhp;
        int prev = t * n * h;
        for (int b = b0; b < b1; b++) {
            int rx = (t * n + b) * gh;
            int rc = (t * n + b) * cw;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double r = act[rc + j];
                double z = act[rc + h + j];
                double nn = act[rc + 2 * h + j];
                double hn = act[rc + 3 * h + j];
                double dhv = dh[s + j];
                double dan = dhv * (1 - z) * (1 - nn * nn);
                double dar = dan * hn * r * (1 - r);
                double daz = dhv * (hs[prev + s + j] - nn) * z * (1 - z);
                dxp[rx + j] = dar;
                dxp[rx + h + j] = daz;
                dxp[rx + 2 * h + j] = dan;
                dhp[rx + j] = dar;
                dhp[rx + h + j] = daz;
                dhp[rx + 2 * h + j] = dan * r;
                dh[s + j] = dhv * z;
            }
        }
    }
}
