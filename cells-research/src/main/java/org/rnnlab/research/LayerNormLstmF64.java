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
 * The layer-normalised LSTM of Ba, Kiros and Hinton (2016, "Layer Normalization", arXiv:1607.06450; LN by eq. 4 of §3.1,
 * the LSTM as in the supplementary material): {@code [i, f, g, o] = LN(W_ih·x; α_ih, β_ih) + LN(W_hh·h; α_hh, β_hh)},
 * gates {@code σ, σ, tanh, σ}, {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(LN(c'; α_c, β_c))}, with
 * {@code LN(z; α, β) = α⊙(z − μ)/√(σ² + ε) + β}, ε = {@value LayerNormF64#EPSILON} inside the square root.
 *
 * <p>As in the paper, each LN normalises the whole product it is applied to: all 4H values of W_ih·x together, and all 4H
 * of W_hh·h (not each gate block apart), and the H values of c'. The paper's separate gate bias b enters only as
 * β_ih + β_hh + b, so the LN biases carry it. The state c is kept unnormalised; only the output reads LN(c').
 *
 * <p>Parameters: {@code weight_ih_l0} [4H, X], {@code weight_hh_l0} [4H, H] (gate blocks i, f, g, o as
 * {@code torch.nn.LSTM}), {@code ln_ih_weight_l0}, {@code ln_ih_bias_l0}, {@code ln_hh_weight_l0}, {@code ln_hh_bias_l0}
 * [4H], {@code ln_c_weight_l0}, {@code ln_c_bias_l0} [H]; gains (role OTHER) start at 1 and biases (role BIAS) at 0, as in
 * the paper, and {@code bias=false} leaves the biases out. States h, c. Cache per sample: the normalised W_ih·x and W_hh·h
 * (8H), the gates i, f, g, o (4H), the normalised c' (H) and the three inverse standard deviations.
 */
final class LayerNormLstmF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final List<ParameterShape> layout;
    private final int ihGain;
    private final int hhGain;
    private final int cGain;
    private final double[] u;
    private final double[] c;
    private final double[] da;
    private final double[] dn;
    private final double[] du;
    private final double[] dv;
    private final double[] dcn;

    LayerNormLstmF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 4, 4 * h, x));
        l.add(new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 4, 4 * h, h));
        this.ihGain = addNorm(l, "ln_ih", 4);
        this.hhGain = addNorm(l, "ln_hh", 4);
        this.cGain = addNorm(l, "ln_c", 1);
        this.layout = List.copyOf(l);
        this.u = new double[4 * h];
        this.c = new double[h];
        this.da = new double[4 * h];
        this.dn = new double[4 * h];
        this.du = new double[4 * h];
        this.dv = new double[4 * h];
        this.dcn = new double[h];
    }

    /** Adds the gain (and, with biases, the bias) of one LN over {@code gates}·H values; returns the gain's index. */
    private int addNorm(List<ParameterShape> l, String name, int gates) {
        int at = l.size();
        l.add(new ParameterShape(name + "_weight_l0", ParameterRole.OTHER, gates, gates * h));
        if (bias) {
            l.add(new ParameterShape(name + "_bias_l0", ParameterRole.BIAS, gates, gates * h));
        }
        return at;
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    /** n̂_ih, n̂_hh (4H each), i, f, g, o (4H), ĉ (H), r_ih, r_hh, r_c. */
    @Override
    public int cacheWidth() {
        return 13 * h + 3;
    }

    /** Gains 1, biases 0 (the paper's initialization). */
    @Override
    public void initialize(double[][] params, SplittableRandom rnd) {
        for (int g : new int[] {ihGain, hhGain, cGain}) {
            java.util.Arrays.fill(params[g], 1);
            if (bias) {
                java.util.Arrays.fill(params[g + 1], 0);
            }
        }
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] m = s.cache();
        int w = cacheWidth();
        for (int b = 0; b < s.batch(); b++) {
            int cb = b * w;
            int gates = cb + 8 * h;
            int chat = cb + 12 * h;
            int stats = cb + 13 * h;
            java.util.Arrays.fill(u, 0);
            DenseF64.multAdd(p[0], 4 * h, x, s.x(), b * x, u, 0);
            m[stats] = LayerNormF64.normalise(u, 0, 4 * h, m, cb);
            java.util.Arrays.fill(u, 0);
            DenseF64.multAdd(p[1], 4 * h, h, s.previous(0), b * h, u, 0);
            m[stats + 1] = LayerNormF64.normalise(u, 0, 4 * h, m, cb + 4 * h);
            for (int r = 0; r < 4 * h; r++) {
                double a = p[ihGain][r] * m[cb + r] + p[hhGain][r] * m[cb + 4 * h + r];
                if (bias) {
                    a += p[ihGain + 1][r] + p[hhGain + 1][r];
                }
                m[gates + r] = r >= 2 * h && r < 3 * h ? DenseF64.tanh(a) : DenseF64.sigmoid(a);
            }
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                c[j] = m[gates + h + j] * s.previous(1)[k] + m[gates + j] * m[gates + 2 * h + j];
                s.next(1)[k] = c[j];
            }
            m[stats + 2] = LayerNormF64.normalise(c, 0, h, m, chat);
            for (int j = 0; j < h; j++) {
                double y = p[cGain][j] * m[chat + j] + (bias ? p[cGain + 1][j] : 0);
                s.next(0)[b * h + j] = m[gates + 3 * h + j] * DenseF64.tanh(y);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] m = s.cache();
        int w = cacheWidth();
        for (int b = 0; b < s.batch(); b++) {
            int cb = b * w;
            int gates = cb + 8 * h;
            int chat = cb + 12 * h;
            int stats = cb + 13 * h;
            for (int j = 0; j < h; j++) {
                double o = m[gates + 3 * h + j];
                double ty = DenseF64.tanh(p[cGain][j] * m[chat + j] + (bias ? p[cGain + 1][j] : 0));
                double dh = s.gradNext(0)[b * h + j];
                da[3 * h + j] = dh * ty * o * (1 - o);
                double dy = dh * o * (1 - ty * ty);
                g[cGain][j] += dy * m[chat + j];
                if (bias) {
                    g[cGain + 1][j] += dy;
                }
                dn[j] = dy * p[cGain][j];
            }
            java.util.Arrays.fill(dcn, 0);
            LayerNormF64.backward(dn, 0, m, chat, h, m[stats + 2], dcn, 0);
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                double i = m[gates + j];
                double f = m[gates + h + j];
                double gg = m[gates + 2 * h + j];
                double dc = s.gradNext(1)[k] + dcn[j];
                da[j] = dc * gg * i * (1 - i);
                da[h + j] = dc * s.previous(1)[k] * f * (1 - f);
                da[2 * h + j] = dc * i * (1 - gg * gg);
                s.gradPrevious(1)[k] += dc * f;
            }
            for (int r = 0; r < 4 * h; r++) {
                g[ihGain][r] += da[r] * m[cb + r];
                g[hhGain][r] += da[r] * m[cb + 4 * h + r];
                if (bias) {
                    g[ihGain + 1][r] += da[r];
                    g[hhGain + 1][r] += da[r];
                }
            }
            for (int r = 0; r < 4 * h; r++) {
                dn[r] = da[r] * p[ihGain][r];
            }
            java.util.Arrays.fill(du, 0);
            LayerNormF64.backward(dn, 0, m, cb, 4 * h, m[stats], du, 0);
            for (int r = 0; r < 4 * h; r++) {
                dn[r] = da[r] * p[hhGain][r];
            }
            java.util.Arrays.fill(dv, 0);
            LayerNormF64.backward(dn, 0, m, cb + 4 * h, 4 * h, m[stats + 1], dv, 0);
            DenseF64.outerAdd(g[0], 4 * h, x, du, 0, s.x(), b * x);
            DenseF64.multTransAdd(p[0], 4 * h, x, du, 0, s.gradX(), b * x);
            DenseF64.outerAdd(g[1], 4 * h, h, dv, 0, s.previous(0), b * h);
            DenseF64.multTransAdd(p[1], 4 * h, h, dv, 0, s.gradPrevious(0), b * h);
        }
    }
}
