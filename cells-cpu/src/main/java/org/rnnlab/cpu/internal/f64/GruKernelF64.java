package org.rnnlab.cpu.internal.f64;

import org.rnnlab.api.CellSpec;
import org.rnnlab.cpu.internal.Activations;

/**
 * GRU (Cho et al. 2014) as {@code torch.nn.GRU}: gates r, z, n; {@code n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))},
 * {@code h' = (1 − z)⊙n + z⊙h}. Cache per sample: r, z, n and {@code W_hn·h + b_hn} ([4H]).
 */
public final class GruKernelF64 extends RecurrentKernelF64 {

    /** A kernel for {@code spec} using {@code gemm} (kind gru). */
    public GruKernelF64(CellSpec spec, GemmF64 gemm) {
        super(spec, gemm, 3, 1, 4 * spec.hiddenSize(), true);
    }

    @Override
    protected void forwardStep(Workspace w, int t) {
        int n = w.batch;
        int h = hidden;
        int cw = 4 * h;
        double[] xp = w.xp;
        double[] hp = w.hp;
        double[] hs = w.states[0];
        double[] act = w.cache;
        int prev = t * n * h;
        int next = prev + n * h;
        for (int b = 0; b < n; b++) {
            int rx = (t * n + b) * gh;
            int rh = b * gh;
            int rc = (t * n + b) * cw;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double r = Activations.sigmoid(xp[rx + j] + hp[rh + j]);
                double z = Activations.sigmoid(xp[rx + h + j] + hp[rh + h + j]);
                double hn = hp[rh + 2 * h + j];
                double nn = Activations.tanh(xp[rx + 2 * h + j] + r * hn);
                hs[next + s + j] = (1 - z) * nn + z * hs[prev + s + j];
                act[rc + j] = r;
                act[rc + h + j] = z;
                act[rc + 2 * h + j] = nn;
                act[rc + 3 * h + j] = hn;
            }
        }
    }

    @Override
    protected void backwardStep(Workspace w, int t) {
        int n = w.batch;
        int h = hidden;
        int cw = 4 * h;
        double[] hs = w.states[0];
        double[] act = w.cache;
        double[] dh = w.dState[0];
        double[] dxp = w.dxp;
        double[] dhp = w.dhp;
        int prev = t * n * h;
        for (int b = 0; b < n; b++) {
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
