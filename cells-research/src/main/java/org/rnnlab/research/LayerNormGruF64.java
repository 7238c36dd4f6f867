package org.rnnlab.research;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * The layer-normalised GRU of Ba, Kiros and Hinton (2016, "Layer Normalization", arXiv:1607.06450; LN by eq. 4 of §3.1,
 * the GRU as in the supplementary material's order-embedding and skip-thought models), in {@code torch.nn.GRU}'s form:
 * {@code [r, z] = σ(LN(W_i[rz]·x) + LN(W_h[rz]·h))}, {@code n = tanh(LN(W_in·x) + r⊙LN(W_hn·h))},
 * {@code h' = (1 − z)⊙n + z⊙h}, with {@code LN(v; α, β) = α⊙(v − μ)/√(σ² + ε) + β}, ε = {@value LayerNormF64#EPSILON}.
 *
 * <p>As in the paper, each LN normalises one matrix product of its equations: the 2H values of the gates' product
 * together, and the candidate's H values apart, for the input and the recurrent side each (the paper's W_x·x and
 * W·x of the candidate are the row blocks [r, z] and n of {@code weight_ih_l0}). The paper writes
 * h' = (1 − z)⊙h + z⊙n; rnnlab keeps PyTorch's roles of z, which is the same model with z's pre-activation negated
 * (σ(−a) = 1 − σ(a); negate its gains and bias).
 *
 * <p>Parameters: {@code weight_ih_l0} [3H, X], {@code weight_hh_l0} [3H, H] (gate blocks r, z, n), {@code ln_ih_weight_l0},
 * {@code ln_ih_bias_l0}, {@code ln_hh_weight_l0}, {@code ln_hh_bias_l0} [3H]; gains (role OTHER) start at 1 and biases
 * (role BIAS) at 0; {@code bias=false} leaves the biases out. The recurrent candidate's bias sits inside r⊙(…), as
 * {@code torch.nn.GRU}'s b_hn. Cache per sample: the normalised products (6H), r, z, n (3H), four inverse standard
 * deviations.
 */
final class LayerNormGruF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final List<ParameterShape> layout;
    private final int ihGain;
    private final int hhGain;
    private final double[] u;
    private final double[] dp;
    private final double[] dq;
    private final double[] dn;
    private final double[] du;

    LayerNormGruF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 3, 3 * h, x));
        l.add(new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 3, 3 * h, h));
        this.ihGain = addNorm(l, "ln_ih");
        this.hhGain = addNorm(l, "ln_hh");
        this.layout = List.copyOf(l);
        this.u = new double[3 * h];
        this.dp = new double[3 * h];
        this.dq = new double[3 * h];
        this.dn = new double[3 * h];
        this.du = new double[3 * h];
    }

    private int addNorm(List<ParameterShape> l, String name) {
        int at = l.size();
        l.add(new ParameterShape(name + "_weight_l0", ParameterRole.OTHER, 3, 3 * h));
        if (bias) {
            l.add(new ParameterShape(name + "_bias_l0", ParameterRole.BIAS, 3, 3 * h));
        }
        return at;
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    /** n̂_ih, n̂_hh (3H each), r, z, n (3H), r_ih[rz], r_ih[n], r_hh[rz], r_hh[n]. */
    @Override
    public int cacheWidth() {
        return 9 * h + 4;
    }

    /** Gains 1, biases 0 (the paper's initialization). */
    @Override
    public void initialize(double[][] params, SplittableRandom rnd) {
        for (int g : new int[] {ihGain, hhGain}) {
            java.util.Arrays.fill(params[g], 1);
            if (bias) {
                java.util.Arrays.fill(params[g + 1], 0);
            }
        }
    }

    /** α⊙n̂ + β of row r of one side. */
    private double affine(double[][] p, int gain, double[] m, int at, int r) {
        return p[gain][r] * m[at + r] + (bias ? p[gain + 1][r] : 0);
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] m = s.cache();
        int w = cacheWidth();
        for (int b = 0; b < s.batch(); b++) {
            int cb = b * w;
            int hh = cb + 3 * h;
            int act = cb + 6 * h;
            int stats = cb + 9 * h;
            java.util.Arrays.fill(u, 0);
            DenseF64.multAdd(p[0], 3 * h, x, s.x(), b * x, u, 0);
            m[stats] = LayerNormF64.normalise(u, 0, 2 * h, m, cb);
            m[stats + 1] = LayerNormF64.normalise(u, 2 * h, h, m, cb + 2 * h);
            java.util.Arrays.fill(u, 0);
            DenseF64.multAdd(p[1], 3 * h, h, s.previous(0), b * h, u, 0);
            m[stats + 2] = LayerNormF64.normalise(u, 0, 2 * h, m, hh);
            m[stats + 3] = LayerNormF64.normalise(u, 2 * h, h, m, hh + 2 * h);
            for (int r = 0; r < 2 * h; r++) {
                m[act + r] = DenseF64.sigmoid(affine(p, ihGain, m, cb, r) + affine(p, hhGain, m, hh, r));
            }
            for (int j = 0; j < h; j++) {
                int r = 2 * h + j;
                double n = DenseF64.tanh(affine(p, ihGain, m, cb, r) + m[act + j] * affine(p, hhGain, m, hh, r));
                m[act + r] = n;
                double z = m[act + h + j];
                s.next(0)[b * h + j] = (1 - z) * n + z * s.previous(0)[b * h + j];
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] m = s.cache();
        int w = cacheWidth();
        for (int b = 0; b < s.batch(); b++) {
            int cb = b * w;
            int hh = cb + 3 * h;
            int act = cb + 6 * h;
            int stats = cb + 9 * h;
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                double r = m[act + j];
                double z = m[act + h + j];
                double n = m[act + 2 * h + j];
                double dh = s.gradNext(0)[k];
                s.gradPrevious(0)[k] += dh * z;
                double dan = dh * (1 - z) * (1 - n * n);
                double dr = dan * affine(p, hhGain, m, hh, 2 * h + j);
                double dar = dr * r * (1 - r);
                double daz = dh * (s.previous(0)[k] - n) * z * (1 - z);
                dp[j] = dar;
                dp[h + j] = daz;
                dp[2 * h + j] = dan;
                dq[j] = dar;
                dq[h + j] = daz;
                dq[2 * h + j] = dan * r;
            }
            side(p, g, ihGain, m, cb, stats, dp);
            DenseF64.outerAdd(g[0], 3 * h, x, du, 0, s.x(), b * x);
            DenseF64.multTransAdd(p[0], 3 * h, x, du, 0, s.gradX(), b * x);
            side(p, g, hhGain, m, hh, stats + 2, dq);
            DenseF64.outerAdd(g[1], 3 * h, h, du, 0, s.previous(0), b * h);
            DenseF64.multTransAdd(p[1], 3 * h, h, du, 0, s.gradPrevious(0), b * h);
        }
    }

    /**
     * From ∂L/∂(α⊙n̂ + β) of one side ({@code d}, 3H): adds the gain and bias gradients, and leaves ∂L/∂(W·v) of that side
     * in {@link #du} (through the two normalisations, [r, z] and n).
     */
    private void side(double[][] p, double[][] g, int gain, double[] m, int at, int stats, double[] d) {
        for (int r = 0; r < 3 * h; r++) {
            g[gain][r] += d[r] * m[at + r];
            if (bias) {
                g[gain + 1][r] += d[r];
            }
            dn[r] = d[r] * p[gain][r];
        }
        java.util.Arrays.fill(du, 0);
        LayerNormF64.backward(dn, 0, m, at, 2 * h, m[stats], du, 0);
        LayerNormF64.backward(dn, 2 * h, m, at + 2 * h, h, m[stats + 1], du, 2 * h);
    }
}
